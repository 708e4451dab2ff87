"""A claim's life (申报兑现): 待审核 → 审核待复核 → 公示中 → 待拨付 → 拨付待复核 → 已兑付, or 不予兑现.
Money moves only by two people of the unit that owns it: the article's issuing unit (or the
enterprise-service office) reviews and pays, and whoever proposed an amount or recorded a payment
is not the one who confirms it. A 免申即享 run's claims start at 待拨付. Objections made on the
public notice are decided by the issuing unit: upheld, the claim is not granted."""
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yiwang.orgs import roles as R
from yiwang import caseflow
from yiwang.workflow import Action, Table, second_person

from .models import Claim

S = Claim.State
OFFICE = frozenset({R.SUPERVISOR})
UNIT = frozenset(R.UNIT_ROLES)
ISSUER = "issuer"  # unit roles of the article's issuing unit


def _notice_over(claim, user):
    if claim.notice_until and timezone.localdate() <= claim.notice_until:
        return _("The public notice runs until %(day)s.") % {"day": claim.notice_until.isoformat()}
    if claim.objections.filter(state="open").exists():
        return _("An objection is waiting for a decision.")


def _open_objection(claim, user):
    if not claim.objections.filter(state="open").exists():
        return _("There is no objection to decide.")


def _not_the_proposer(code):
    return second_person(code, message=gettext_lazy("You proposed this yourself: a second person of the unit "
                                                    "confirms it."))


V = caseflow.Input
_ACTIONS = [
    Action("approve", gettext_lazy("Review: propose the amount"), frozenset({S.SUBMITTED}), S.REVIEWED,
           UNIT | OFFICE, scope=ISSUER,
           inputs=(V("amount"), V("note", caseflow.BLANK))),
    Action("confirm_approval", gettext_lazy("Confirm the review and put on public notice"), frozenset({S.REVIEWED}),
           S.NOTICE, UNIT | OFFICE, scope=ISSUER, guards=(_not_the_proposer("approve"),),
           inputs=(V("note", caseflow.BLANK),)),
    Action("return_review", gettext_lazy("Send the review back"), frozenset({S.REVIEWED}), S.SUBMITTED,
           UNIT | OFFICE, scope=ISSUER, guards=(_not_the_proposer("approve"),),
           inputs=(V("reason"),)),
    Action("reject", gettext_lazy("Not grant"), frozenset({S.SUBMITTED, S.REVIEWED, S.NOTICE, S.READY, S.PAYING}),
           S.REJECTED, UNIT | OFFICE, scope=ISSUER,
           inputs=(V("reason"),)),
    Action("decide_objection", gettext_lazy("Decide the objection"), frozenset({S.NOTICE, S.READY}), None,
           UNIT | OFFICE, scope=ISSUER, guards=(_open_objection,),
           inputs=(V("objection", caseflow.RAW), V("decision", caseflow.IS, "uphold", "uphold"), V("note"))),
    Action("pay", gettext_lazy("Record the payment"), frozenset({S.NOTICE, S.READY}), S.PAYING, UNIT | OFFICE,
           scope=ISSUER, guards=(_notice_over,),
           inputs=(V("voucher"), V("paid_on", caseflow.DAY))),
    Action("confirm_payment", gettext_lazy("Confirm the payment"), frozenset({S.PAYING}), S.PAID, UNIT | OFFICE,
           scope=ISSUER, guards=(_not_the_proposer("pay"),)),
    Action("return_payment", gettext_lazy("Send the payment back"), frozenset({S.PAYING}), S.READY, UNIT | OFFICE,
           scope=ISSUER, guards=(_not_the_proposer("pay"),),
           inputs=(V("reason"),)),
]


def _issuer(claim, user, action, held):
    unit = R.unit_of(user)
    if unit is None or unit.pk != claim.article.document.issuing_unit_id:
        return _("Only the issuing unit may “%(action)s”.") % {"action": action.label}


OTHER_EVENTS = {"submit": gettext_lazy("Claim submitted"), "grant": gettext_lazy("Granted by a 免申即享 run"),
                "object": gettext_lazy("Objection on the public notice")}
TABLE = Table(_ACTIONS, not_now=gettext_lazy("“%(action)s” is not possible while the claim is “%(state)s”."),
              scopes={ISSUER: _issuer}, state=lambda c: (c.state, c.get_state_display()), other_events=OTHER_EVENTS, case_arg="claim")
ACTIONS, refusal, check, available, event_label = (TABLE.actions, TABLE.refusal, TABLE.check, TABLE.available,
                                                   TABLE.event_label)
held_back = TABLE.held_back
