"""The rectification case's life (差评整改): which action is allowed in which state, by whom.
Services check it before every change; the case page shows exactly what it allows."""
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yiwang.orgs import roles as R
from yiwang.orgs.models import Unit
from yiwang import caseflow
from yiwang.workflow import Action, Table, second_person

from .models import CONCLUDED
from .models import State as S

UNIT = frozenset(R.UNIT_ROLES)
HEADS = frozenset({R.UNIT_HEAD})
SUPERVISORS = frozenset({R.SUPERVISOR})
OWN_UNIT = "own_unit"  # unit roles act only on their own unit's cases


def _no_feedback_yet(case, user):
    if case.feedback_at:
        return _("The rater already has the feedback.")


def _named_not_called(case, user):
    if not case.is_named:
        return _("The rater gave no name; there is nobody to call back.")
    if case.called_back_at:
        return _("The rater was already called back.")


V = caseflow.Input
_ACTIONS = [
    Action("verify", gettext_lazy("Confirm after verification"), frozenset({S.PENDING_VERIFY}), S.RECTIFYING, UNIT,
           scope=OWN_UNIT,
           inputs=(V("note"),)),
    Action("rectify", gettext_lazy("Rectified"), frozenset({S.PENDING_VERIFY, S.RECTIFYING}), S.RECTIFIED, UNIT,
           scope=OWN_UNIT,
           inputs=(V("result"),)),
    # Saying a bad rating cannot be put right, or is invalid, takes the unit head's name.
    Action("propose_cannot", gettext_lazy("Propose: cannot be rectified"), frozenset({S.PENDING_VERIFY, S.RECTIFYING}),
           S.AWAITING_APPROVAL, HEADS, scope=OWN_UNIT,
           service="propose", inputs=(V("reason"), V("conclusion", caseflow.CONST, value="cannot"))),
    Action("propose_invalid", gettext_lazy("Propose: invalid bad rating"), frozenset({S.PENDING_VERIFY, S.RECTIFYING}),
           S.AWAITING_APPROVAL, HEADS, scope=OWN_UNIT,
           service="propose", inputs=(V("reason"), V("conclusion", caseflow.CONST, value="invalid"))),
    Action("approve", gettext_lazy("Approve the proposal"), frozenset({S.AWAITING_APPROVAL}), None, SUPERVISORS,
           guards=(second_person("propose_cannot", "propose_invalid",
                                 message=gettext_lazy("Whoever proposed it may not approve it; another supervisor "
                                                      "does.")),),
           service="decide", inputs=(V("note", caseflow.BLANK), V("approve", caseflow.CONST, value=True))),
    Action("disapprove", gettext_lazy("Send back for rectification"), frozenset({S.AWAITING_APPROVAL}), S.RECTIFYING,
           SUPERVISORS,
           service="decide", inputs=(V("note", caseflow.BLANK), V("approve", caseflow.CONST, value=False))),
    Action("give_feedback", gettext_lazy("Give feedback to the rater"), frozenset(CONCLUDED), None,
           UNIT | SUPERVISORS | {R.CALLBACK}, scope=OWN_UNIT, guards=(_no_feedback_yet,),
           inputs=(V("text"),)),
    Action("call_back", gettext_lazy("Record the callback to the rater"), frozenset(CONCLUDED) | {S.APPEALED}, None,
           frozenset({R.CALLBACK, R.SUPERVISOR}), guards=(_named_not_called,),
           inputs=(V("note"),)),
    Action("uphold", gettext_lazy("Uphold the conclusion"), frozenset({S.APPEALED}), None, SUPERVISORS,
           service="review_appeal", inputs=(V("note"), V("reopen", caseflow.CONST, value=False))),
    Action("reopen", gettext_lazy("Reopen for rectification"), frozenset({S.APPEALED}), S.RECTIFYING, SUPERVISORS,
           service="review_appeal", inputs=(V("note"), V("reopen", caseflow.CONST, value=True))),
]
# The rater's appeal comes from the public case page, not from a staff role.
APPEAL_SOURCES = frozenset(CONCLUDED)


def _own_unit(case, user, action, held):
    unit = R.unit_of(user)
    if unit is None or unit.pk != case.unit_id:
        return _("Only the responsible unit may “%(action)s”.") % {"action": action.label}


def _roles(case, user):
    """A case against the hotline centre itself (an order its agent answered at once) is worked by
    the centre: its dispatchers act as the centre's staff, its supervisors as its head; a proposal is
    then approved by another supervisor than the one who made it."""
    held = set(R.roles_of(user))
    unit = R.unit_of(user)
    if unit is not None and unit.pk == case.unit_id and unit.kind == Unit.Kind.CENTRE:
        if R.DISPATCHER in held:
            held.add(R.UNIT_STAFF)
        if R.SUPERVISOR in held:
            held.add(R.UNIT_HEAD)
    return held


OTHER_EVENTS = {"open": gettext_lazy("Case opened"), "appeal": gettext_lazy("The rater appealed")}

TABLE = Table(_ACTIONS, not_now=gettext_lazy("“%(action)s” is not possible while the case is “%(state)s”."),
              scopes={OWN_UNIT: _own_unit}, roles=_roles, state=lambda case: (case.state, case.get_state_display()),
              other_events=OTHER_EVENTS, case_arg="case")
ACTIONS, refusal, check, available, event_label = (TABLE.actions, TABLE.refusal, TABLE.check, TABLE.available,
                                                   TABLE.event_label)
held_back = TABLE.held_back
