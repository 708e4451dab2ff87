"""A claim's life (申报兑现): 待审核 → 公示中 → 待拨付 → 已兑付, or 不予兑现. The issuing unit reviews and
pays; a 免申即享 run's claims start at 待拨付. Objections made on the public notice are decided by
the issuing unit: upheld, the claim is not granted."""
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yiwang.orgs import roles as R
from yiwang.workflow import Action, Table

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


_ACTIONS = [
    Action("approve", gettext_lazy("Approve and put on public notice"), frozenset({S.SUBMITTED}), S.NOTICE,
           UNIT | OFFICE, scope=ISSUER),
    Action("reject", gettext_lazy("Not grant"), frozenset({S.SUBMITTED, S.NOTICE, S.READY}), S.REJECTED,
           UNIT | OFFICE, scope=ISSUER),
    Action("decide_objection", gettext_lazy("Decide the objection"), frozenset({S.NOTICE, S.READY}), None,
           UNIT | OFFICE, scope=ISSUER, guards=(_open_objection,)),
    Action("pay", gettext_lazy("Record the payment"), frozenset({S.NOTICE, S.READY}), S.PAID, UNIT | OFFICE,
           scope=ISSUER, guards=(_notice_over,)),
]


def _issuer(claim, user, action, held):
    unit = R.unit_of(user)
    if unit is None or unit.pk != claim.article.document.issuing_unit_id:
        return _("Only the issuing unit may “%(action)s”.") % {"action": action.label}


OTHER_EVENTS = {"submit": gettext_lazy("Claim submitted"), "grant": gettext_lazy("Granted by a 免申即享 run"),
                "object": gettext_lazy("Objection on the public notice")}
TABLE = Table(_ACTIONS, not_now=gettext_lazy("“%(action)s” is not possible while the claim is “%(state)s”."),
              scopes={ISSUER: _issuer}, state=lambda c: (c.state, c.get_state_display()), other_events=OTHER_EVENTS)
ACTIONS, refusal, check, available, event_label = (TABLE.actions, TABLE.refusal, TABLE.check, TABLE.available,
                                                   TABLE.event_label)
