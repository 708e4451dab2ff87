"""Two life cycles of the project side, as workflow tables.

Joint acceptance (联合验收): 已申请 → 已验前指导 → 已排期 → (each unit's result) 待整改 ⇄ 复验 → 全部合格 →
联合验收意见已出具. The hall's butler and the office guide, schedule and issue the opinion; each
inspecting unit records its own result.

An investor's interest (阳光发布): 新登记 → 已联系 → 洽谈中 → 已签约, or 不再跟进."""
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yiwang.orgs import roles as R
from yiwang import caseflow
from yiwang.workflow import Action, Table

from .models import Acceptance, Interest

A = Acceptance.State
OFFICE = frozenset({R.SUPERVISOR, R.BUTLER, R.LEADER})
INSPECTOR = "inspector"  # a unit role of a unit that inspects at this acceptance


def _all_passed(case, user):
    if case.inspections.exclude(result="pass").filter(round=case.inspections.order_by("-round").values(
            "round")[:1]).exists() or not case.inspections.exists():
        return _("Every unit must have passed it first.")


def inspection_not_reached(case, user):
    """Results and the opinion record what was seen on site: not before the inspection day (the
    opinion is then dated on or after it, since it is dated when it is issued)."""
    from django.utils import timezone

    from yiwang import clock

    if case.inspection_on and timezone.localtime(clock.now()).date() < case.inspection_on:
        return _("The joint inspection is on %(day)s; results and the opinion are recorded from that day.") % {
            "day": case.inspection_on.isoformat()}


V = caseflow.Input
_ACCEPTANCE = [
    Action("guide", gettext_lazy("Give guidance before inspection"), frozenset({A.APPLIED}), A.GUIDED, OFFICE,
           inputs=(V("text"),)),
    Action("schedule", gettext_lazy("Schedule the joint inspection"), frozenset({A.APPLIED, A.GUIDED, A.FIXING}),
           A.SCHEDULED, OFFICE,
           inputs=(V("day", caseflow.DAY),)),
    Action("record", gettext_lazy("Record our result"), frozenset({A.SCHEDULED}), None,
           frozenset(R.UNIT_ROLES) | OFFICE, scope=INSPECTOR, guards=(inspection_not_reached,),
           service="record_result", inputs=(V("result"), V("items", caseflow.BLANK), V("unit", caseflow.UNIT))),
    Action("issue", gettext_lazy("Issue the joint opinion"), frozenset({A.PASSED}), A.ISSUED, OFFICE,
           guards=(_all_passed, inspection_not_reached),
           service="issue_opinion", inputs=(V("text"),)),
]


def _inspector(case, user, action, held):
    unit = R.unit_of(user)
    if unit is None or not case.inspections.filter(unit=unit).exists():
        return _("Only a unit that inspects this project may “%(action)s”.") % {"action": action.label}


ACCEPTANCE = Table(_ACCEPTANCE, scopes={INSPECTOR: _inspector},
                   not_now=gettext_lazy("“%(action)s” is not possible while the acceptance is “%(state)s”."),
                   state=lambda c: (c.state, c.get_state_display()),
                   other_events={"apply": gettext_lazy("Applied for joint acceptance")}, case_arg="acceptance")

S = Interest.State
FOLLOWERS = frozenset({R.SUPERVISOR, R.BUTLER, R.LEADER})


def _not_signed_elsewhere(interest, user):
    """One opportunity, one investor: once signed, no second interest is."""
    signed = interest.opportunity.interests.filter(state=S.SIGNED).exclude(pk=interest.pk).first()
    if signed is not None:
        return _("This project is signed with %(investor)s already (%(number)s).") % {
            "investor": signed.investor, "number": signed.number}

_INTEREST = [
    Action("contact", gettext_lazy("Record the first contact"), frozenset({S.NEW}), S.CONTACTED, FOLLOWERS,
           service="follow_interest", inputs=(V("note", caseflow.BLANK), V("code", caseflow.CONST, value="contact"))),
    Action("negotiate", gettext_lazy("Start negotiating"), frozenset({S.NEW, S.CONTACTED}), S.NEGOTIATING, FOLLOWERS,
           service="follow_interest", inputs=(V("note", caseflow.BLANK), V("code", caseflow.CONST, value="negotiate"))),
    Action("sign", gettext_lazy("Signed"), frozenset({S.CONTACTED, S.NEGOTIATING}), S.SIGNED, FOLLOWERS,
           guards=(_not_signed_elsewhere,),
           service="follow_interest", inputs=(V("note", caseflow.BLANK), V("code", caseflow.CONST, value="sign"))),
    Action("drop", gettext_lazy("Not pursued"), frozenset({S.NEW, S.CONTACTED, S.NEGOTIATING}), S.DROPPED, FOLLOWERS,
           service="follow_interest", inputs=(V("note", caseflow.BLANK), V("code", caseflow.CONST, value="drop"))),
]
INTEREST = Table(_INTEREST, not_now=gettext_lazy("“%(action)s” is not possible while the interest is “%(state)s”."),
                 state=lambda c: (c.state, c.get_state_display()),
                 other_events={"register": gettext_lazy("Interest registered"),
                               "close": gettext_lazy("Closed: the project is signed with another investor")},
                 case_arg="interest")

PROJECT = Table([], not_now=gettext_lazy("“%(action)s” is not possible now."),
                 state=lambda p: (p.status, p.get_status_display()),
                 other_events={"create": gettext_lazy("Project registered"), "edit": gettext_lazy("Project edited"),
                               "milestone": gettext_lazy("Milestone updated"),
                               "report": gettext_lazy("Monthly progress reported"),
                               "problem": gettext_lazy("Problem listed"), "publish": gettext_lazy("Published"),
                               "sign": gettext_lazy("Signed with an investor")})
