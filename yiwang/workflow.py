"""The one workflow-table class every domain's life cycle is an instance of.

A domain writes its actions (sources, target, roles, unit scope, guards) and the scope rules
its units are held to; the table answers why an action is refused, checks it, lists what a
user may do now and names timeline events. Work orders, applications and rectification cases
use it, as do key tasks, suggestions, proposals, policy claims, acceptances and interests, whose
services also act through Table.acting (lock, version, check, move, record in one transaction)."""
import contextlib
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from yiwang.errors import ActionRefused
from yiwang.orgs import roles as R

ANY = "any"  # no unit restriction beyond the roles (and the guards)


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    sources: frozenset
    target: str | None  # None: the state does not change (or the service decides)
    roles: frozenset
    scope: str = ANY
    guards: tuple = field(default=())
    # What the action takes (yiwang.caseflow.Input: the form's or the JSON's fields, read into the
    # service's keywords) and the service function that does it (default: the action's code).
    inputs: tuple = field(default=())
    service: str = ""


class Table:
    """`scopes` maps a scope name to a rule `(case, user, action) -> reason or None`. A scope
    binds a user who acts only through unit roles (unit staff and heads): the centre's and the
    hall's roles, and an applicant on their own case, act for the whole district.
    `roles(case, user)` gives the roles a user holds on a case (default: their groups);
    `state(case)` the case's state and its label; `not_now` the message for an action the
    state does not allow, with %(action)s and %(state)s. `case_arg` names the case in the domain's
    service functions (task=, claim=, ...), which yiwang.caseflow.perform calls."""

    def __init__(self, actions, *, not_now, scopes=None, roles=None, state=None, other_events=None,
                 case_arg="case"):
        self.actions = {a.code: a for a in actions}
        self.case_arg = case_arg
        self.not_now = not_now
        self.scopes = scopes or {}
        self.roles = roles or (lambda case, user: R.roles_of(user))
        self.state = state or (lambda case: (case.status, case.get_status_display()))
        self.other_events = other_events or {}
        unknown = {a.scope for a in actions} - {ANY} - set(self.scopes)
        if unknown:
            raise ValueError(f"actions name scopes without a rule: {sorted(unknown)}")

    def refusal(self, code, case, user, *, guards=True):
        """Why `user` may not take action `code` on `case` now, or None if they may."""
        action = self.actions.get(code)
        if action is None:
            return _("Unknown action.")
        state, state_label = self.state(case)
        if state not in action.sources:
            return self.not_now % {"action": action.label, "status": state_label, "state": state_label}
        held = set(self.roles(case, user)) & action.roles
        if not held:
            return _("Your role may not “%(action)s”.") % {"action": action.label}
        if action.scope != ANY and not (held - R.UNIT_ROLES):
            reason = self.scopes[action.scope](case, user, action, held)
            if reason:
                return reason
        for guard in action.guards if guards else ():
            reason = guard(case, user)
            if reason:
                return reason
        return None

    def check(self, code, case, user):
        reason = self.refusal(code, case, user)
        if reason:
            raise ActionRefused("not_allowed", reason)
        return self.actions[code]

    @contextlib.contextmanager
    def acting(self, queryset, case, code, actor, version, *, now, record, stale):
        """One action on a case whose life cycle has a `state`: the row locked, the version the
        user read compared (`stale` is the message when it moved on), the action checked; the
        body fills the yielded Step; then the state moves to the action's target (unless the
        body moved it), the version goes up, and `record(locked, step)` writes the timeline row,
        all in one transaction. `case` is read again afterwards."""
        with transaction.atomic():
            locked = queryset.select_for_update().get(pk=case.pk)
            if version is not None and str(version).strip() != str(locked.version):
                raise ActionRefused("stale", stale)
            action = self.check(code, locked, actor)
            step = Step(locked, code, actor, now)
            yield step
            if action.target is not None and locked.state == step.from_state:
                locked.state = action.target
            locked.version += 1
            locked.save()
            record(locked, step)
        case.refresh_from_db()

    def available(self, case, user):
        return [a for a in self.actions.values() if self.refusal(a.code, case, user) is None]

    def held_back(self, case, user):
        """[(action, reason)] of the actions the user could take now but for a guard (the second
        person of a two-person step, a condition not met yet), so the page can say why."""
        out = []
        for action in self.actions.values():
            if action.guards and self.refusal(action.code, case, user, guards=False) is None:
                reason = self.refusal(action.code, case, user)
                if reason:
                    out.append((action, reason))
        return out

    def event_label(self, code):
        return self.actions[code].label if code in self.actions else self.other_events.get(code, code)


def second_person(*codes, message=None):
    """A guard for the confirming half of a two-person step: not whoever took the last of `codes`
    on the case (its timeline is `case.events`)."""
    def guard(case, user):
        last = (case.events.filter(action__in=codes).order_by("-at", "-id").values_list("actor_id", flat=True)
                .first())
        if last is not None and last == user.pk:
            return str(message) if message else _("You proposed this yourself: a second person confirms it.")
    return guard


class Step:
    """What an action's body works on (the locked case) and fills in: its timeline row's note and data."""

    def __init__(self, case, code, actor, now):
        self.case, self.code, self.actor, self.now = case, code, actor, now
        self.from_state = case.state
        self.note, self.data = "", {}
