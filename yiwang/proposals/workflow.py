"""The life of a deputy's suggestion or CPPCC proposal: 待交办 → 办理中 → 已答复 → 已办结, with a
complex one's six months asked and approved, co-units' opinions, and 不满意 sending it back."""
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yiwang.orgs import roles as R
from yiwang import caseflow
from yiwang.workflow import Action, Table

from .models import State as S

OFFICE = frozenset({R.SUPERVISOR})  # the office that handles them (督查室 / 建议提案办)
UNIT = frozenset(R.UNIT_ROLES)
LEAD = "lead_unit"
CO = "co_unit"


def _not_asked_complex(p, user):
    if p.complex_approved is not None or p.complex_reason:
        return _("The complex handling was already asked for.")


def _complex_asked(p, user):
    if not p.complex_reason or p.complex_approved is not None:
        return _("No complex handling is waiting for a decision.")


V = caseflow.Input
_ACTIONS = [
    Action("assign", gettext_lazy("Assign"), frozenset({S.RECEIVED}), S.HANDLING, OFFICE,
           inputs=(V("lead_unit", caseflow.UNIT), V("co_units", caseflow.UNITS))),
    Action("ask_complex", gettext_lazy("Ask for six months (complex)"), frozenset({S.HANDLING}), None, UNIT,
           scope=LEAD, guards=(_not_asked_complex,),
           inputs=(V("reason"),)),
    Action("decide_complex", gettext_lazy("Decide on six months"), frozenset({S.HANDLING}), None, OFFICE,
           guards=(_complex_asked,),
           inputs=(V("decision", caseflow.IS, "approve", "approve"), V("note", caseflow.BLANK))),
    Action("co_opinion", gettext_lazy("Give the co-unit's opinion"), frozenset({S.HANDLING}), None, UNIT, scope=CO,
           inputs=(V("text"),)),
    Action("answer", gettext_lazy("Answer in writing"), frozenset({S.HANDLING}), S.ANSWERED, UNIT, scope=LEAD,
           inputs=(V("text"),)),
    Action("rate", gettext_lazy("Record the proposer's rating"), frozenset({S.ANSWERED}), None, OFFICE,
           inputs=(V("rating"), V("note", caseflow.BLANK))),
    Action("urge", gettext_lazy("Urge"), frozenset({S.HANDLING}), None, OFFICE,
           inputs=(V("text"),)),
]


def _lead(p, user, action, held):
    unit = R.unit_of(user)
    if unit is None or unit.pk != p.lead_unit_id:
        return _("Only the lead unit may “%(action)s”.") % {"action": action.label}


def _co(p, user, action, held):
    unit = R.unit_of(user)
    if unit is None or not p.co_units.filter(pk=unit.pk).exists():
        return _("Only a co-unit may “%(action)s”.") % {"action": action.label}


OTHER_EVENTS = {"register": gettext_lazy("Registered")}
TABLE = Table(_ACTIONS, not_now=gettext_lazy("“%(action)s” is not possible while it is “%(state)s”."),
              scopes={LEAD: _lead, CO: _co}, state=lambda p: (p.state, p.get_state_display()), other_events=OTHER_EVENTS, case_arg="proposal")
ACTIONS, refusal, check, available, event_label = (TABLE.actions, TABLE.refusal, TABLE.check, TABLE.available,
                                                   TABLE.event_label)
