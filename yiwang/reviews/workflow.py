"""The rectification case's life (差评整改): which action is allowed in which state, by whom.
Services check it before every change; the case page shows exactly what it allows."""
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yiwang.errors import ActionRefused
from yiwang.orgs import roles as R

from .models import CONCLUDED
from .models import State as S

UNIT = frozenset(R.UNIT_ROLES)
SUPERVISORS = frozenset({R.SUPERVISOR, R.ADMIN})


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    sources: frozenset
    target: str | None
    roles: frozenset
    own_unit: bool = False  # unit roles act only on their own unit's cases
    guards: tuple = field(default=())


def _no_feedback_yet(case, user):
    if case.feedback_at:
        return _("The rater already has the feedback.")


def _named_not_called(case, user):
    if not case.is_named:
        return _("The rater gave no name; there is nobody to call back.")
    if case.called_back_at:
        return _("The rater was already called back.")


ACTIONS = {a.code: a for a in [
    Action("verify", gettext_lazy("Confirm after verification"), frozenset({S.PENDING_VERIFY}), S.RECTIFYING, UNIT,
           own_unit=True),
    Action("rectify", gettext_lazy("Rectified"), frozenset({S.PENDING_VERIFY, S.RECTIFYING}), S.RECTIFIED, UNIT,
           own_unit=True),
    Action("propose_cannot", gettext_lazy("Propose: cannot be rectified"), frozenset({S.PENDING_VERIFY, S.RECTIFYING}),
           S.AWAITING_APPROVAL, UNIT, own_unit=True),
    Action("propose_invalid", gettext_lazy("Propose: invalid bad rating"), frozenset({S.PENDING_VERIFY, S.RECTIFYING}),
           S.AWAITING_APPROVAL, UNIT, own_unit=True),
    Action("approve", gettext_lazy("Approve the proposal"), frozenset({S.AWAITING_APPROVAL}), None, SUPERVISORS),
    Action("disapprove", gettext_lazy("Send back for rectification"), frozenset({S.AWAITING_APPROVAL}), S.RECTIFYING,
           SUPERVISORS),
    Action("give_feedback", gettext_lazy("Give feedback to the rater"), frozenset(CONCLUDED), None,
           UNIT | SUPERVISORS | {R.CALLBACK}, own_unit=True, guards=(_no_feedback_yet,)),
    Action("call_back", gettext_lazy("Record the callback to the rater"), frozenset(CONCLUDED) | {S.APPEALED}, None,
           frozenset({R.CALLBACK, R.SUPERVISOR, R.ADMIN}), guards=(_named_not_called,)),
    Action("uphold", gettext_lazy("Uphold the conclusion"), frozenset({S.APPEALED}), None, SUPERVISORS),
    Action("reopen", gettext_lazy("Reopen for rectification"), frozenset({S.APPEALED}), S.RECTIFYING, SUPERVISORS),
]}
# The rater's appeal comes from the public case page, not from a staff role.
APPEAL_SOURCES = frozenset(CONCLUDED)


def refusal(code, case, user):
    action = ACTIONS.get(code)
    if action is None:
        return _("Unknown action.")
    if case.state not in action.sources:
        return _("“%(action)s” is not possible while the case is “%(state)s”.") % {
            "action": action.label, "state": case.get_state_display()}
    held = R.roles_of(user) & action.roles
    if not held:
        return _("Your role may not “%(action)s”.") % {"action": action.label}
    if action.own_unit and not (held - R.UNIT_ROLES):
        unit = R.unit_of(user)
        if unit is None or unit.pk != case.unit_id:
            return _("Only the responsible unit may “%(action)s”.") % {"action": action.label}
    for guard in action.guards:
        reason = guard(case, user)
        if reason:
            return reason
    return None


def check(code, case, user):
    reason = refusal(code, case, user)
    if reason:
        raise ActionRefused("not_allowed", reason)
    return ACTIONS[code]


def available(case, user):
    return [a for a in ACTIONS.values() if refusal(a.code, case, user) is None]


OTHER_EVENTS = {"open": gettext_lazy("Case opened"), "appeal": gettext_lazy("The rater appealed")}


def event_label(code):
    return ACTIONS[code].label if code in ACTIONS else OTHER_EVENTS.get(code, code)
