"""Which action is allowed in which state, by which role, for which unit. Only this module
knows; services check it before every change and pages show exactly what it allows."""
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yiwang.orgs import roles as R
from yiwang.workflow import Action, Table

from .models import OPEN_STATUSES, OrderType
from .models import Status as S

LEAD = "lead"      # unit roles only for the order's current lead unit
ASSIGNED = "assigned"  # unit roles for any unit with an active part in the order


def _consult_only(order, user):
    if order.order_type != OrderType.CONSULT:
        return _("Only a consultation can be answered at once; dispatch this order instead.")


def _in_a_campaign(order, user):
    """A suggestion taken on the hotline is handled by the campaign it joined (yiwang.suggestions):
    the order closes with the suggestion's number, and its dispatch clock stops."""
    from django.core.exceptions import ObjectDoesNotExist

    if order.order_type != OrderType.SUGGESTION:
        return _("Only a suggestion joins a campaign.")
    try:
        joined = order.suggestion is not None
    except (ObjectDoesNotExist, AttributeError):
        joined = False
    if not joined:
        return _("Put the suggestion into a campaign first.")


def _no_pending_extension(order, user):
    if order.extension_requests.filter(state="pending").exists():
        return _("An extension request is already awaiting approval.")


def _has_pending_extension(order, user):
    if not order.extension_requests.filter(state="pending").exists():
        return _("There is no extension request to decide.")


def _no_pending_suspension(order, user):
    if order.suspension_requests.filter(state="pending").exists():
        return _("A suspension request is already awaiting approval.")


def _has_pending_suspension(order, user):
    if not order.suspension_requests.filter(state="pending").exists():
        return _("There is no suspension request to decide.")


def _has_open_notice_for_my_unit(order, user):
    unit = R.unit_of(user)
    if unit is None or not order.notices.filter(unit=unit, answered_at__isnull=True).exists():
        return _("Your unit has no unanswered notice on this order.")


def _has_lead_unit(order, user):
    if order.lead_unit_id is None:
        return _("The order has no lead unit to send a notice to.")


def _is_co_unit(order, user):
    unit = R.unit_of(user)
    if unit is None or not order.assignments.filter(unit=unit, role="co", state="active").exists():
        return _("Only a co-handling unit gives an opinion; the lead unit replies.")


def _co_unit_not_signed(order, user):
    unit = R.unit_of(user)
    if unit is None or not order.assignments.filter(unit=unit, role="co", state="active",
                                                    signed_at__isnull=True).exists():
        return _("Your unit has nothing to sign for on this order.")


OPEN = frozenset(OPEN_STATUSES)
UNIT = frozenset(R.UNIT_ROLES)

_ACTIONS = [
    Action("answer_now", gettext_lazy("Answer now and close"), frozenset({S.PENDING_DISPATCH}), S.CLOSED,
           frozenset({R.AGENT}), guards=(_consult_only,)),
    Action("to_campaign", gettext_lazy("Close: handled by the suggestion campaign"), frozenset({S.PENDING_DISPATCH}),
           S.CLOSED, frozenset({R.AGENT, R.DISPATCHER}), guards=(_in_a_campaign,)),
    Action("dispatch", gettext_lazy("Dispatch"), frozenset({S.PENDING_DISPATCH}), S.PENDING_SIGN,
           frozenset({R.DISPATCHER})),
    Action("redispatch", gettext_lazy("Re-dispatch"), frozenset({S.RETURNED}), S.PENDING_SIGN,
           frozenset({R.DISPATCHER})),
    Action("correct", gettext_lazy("Correct the order's details"), frozenset(OPEN_STATUSES) | {S.CLOSED}, None,
           frozenset({R.AGENT, R.DISPATCHER, R.SUPERVISOR})),
    Action("merge", gettext_lazy("Merge into master order"), frozenset({S.PENDING_DISPATCH, S.RETURNED}), S.MERGED,
           frozenset({R.AGENT, R.DISPATCHER})),
    Action("sign_for", gettext_lazy("Sign for"), frozenset({S.PENDING_SIGN}), S.HANDLING, UNIT, scope=LEAD),
    Action("co_sign_for", gettext_lazy("Sign for (co-handling)"), frozenset({S.PENDING_SIGN, S.HANDLING}), None, UNIT,
           scope=ASSIGNED, guards=(_co_unit_not_signed,)),
    Action("send_back", gettext_lazy("Return to dispatcher"), frozenset({S.PENDING_SIGN, S.HANDLING}), S.RETURNED, UNIT,
           scope=LEAD),
    Action("request_extension", gettext_lazy("Request extension"), frozenset({S.HANDLING}), None, UNIT, scope=LEAD,
           guards=(_no_pending_extension,)),
    Action("decide_extension", gettext_lazy("Decide extension"), frozenset({S.HANDLING, S.SUSPENDED}), None,
           frozenset({R.SUPERVISOR}), guards=(_has_pending_extension,)),
    Action("suspend", gettext_lazy("Suspend"), frozenset({S.HANDLING}), S.SUSPENDED,
           frozenset({R.SUPERVISOR, R.DISPATCHER})),
    Action("request_suspension", gettext_lazy("Request suspension"), frozenset({S.HANDLING}), None, UNIT, scope=LEAD,
           guards=(_no_pending_suspension,)),
    Action("decide_suspension", gettext_lazy("Decide suspension"), frozenset({S.HANDLING}), None,
           frozenset({R.SUPERVISOR, R.DISPATCHER}), guards=(_has_pending_suspension,)),
    Action("resume", gettext_lazy("Resume"), frozenset({S.SUSPENDED}), S.HANDLING,
           frozenset({R.SUPERVISOR, R.DISPATCHER})),
    Action("reply", gettext_lazy("Reply with the result"), frozenset({S.HANDLING}), S.PENDING_CALLBACK, UNIT, scope=LEAD),
    Action("co_reply", gettext_lazy("Give co-handling opinion"), frozenset({S.PENDING_SIGN, S.HANDLING}), None, UNIT,
           scope=ASSIGNED, guards=(_is_co_unit,)),
    Action("callback", gettext_lazy("Record callback"), frozenset({S.PENDING_CALLBACK}), S.CLOSED,
           frozenset({R.CALLBACK, R.SUPERVISOR})),
    Action("close", gettext_lazy("Close without callback"), frozenset({S.PENDING_CALLBACK}), S.CLOSED,
           frozenset({R.CALLBACK, R.SUPERVISOR})),
    Action("urge", gettext_lazy("Urge (催办)"), OPEN - {S.PENDING_DISPATCH, S.RETURNED}, None,
           frozenset({R.DISPATCHER, R.SUPERVISOR}), guards=(_has_lead_unit,)),
    Action("supervise", gettext_lazy("Supervise (督办)"), OPEN - {S.PENDING_DISPATCH, S.RETURNED}, None,
           frozenset({R.SUPERVISOR, R.LEADER}), guards=(_has_lead_unit,)),
    Action("answer_notice", gettext_lazy("Answer notice"), OPEN | {S.CLOSED}, None, UNIT,
           guards=(_has_open_notice_for_my_unit,)),
]
# The callback may send the order back to the lead unit instead of closing it.
REWORK_TARGET = S.HANDLING


# Timeline entries that are not workflow actions.
OTHER_EVENTS = {"create": gettext_lazy("Order taken"), "attach": gettext_lazy("Attachment added"), "absorb": gettext_lazy("Duplicate merged in")}


def _lead_only(order, user, action, held):
    unit = R.unit_of(user)
    if unit is None or unit.pk != order.lead_unit_id:
        return _("Only the lead unit of this order may “%(action)s”.") % {"action": action.label}


def _assigned(order, user, action, held):
    unit = R.unit_of(user)
    if unit is None or not order.assignments.filter(unit=unit, state="active").exists():
        return _("Your unit has no part in this order.")


TABLE = Table(_ACTIONS, not_now=gettext_lazy("“%(action)s” is not possible while the order is “%(status)s”."),
              scopes={LEAD: _lead_only, ASSIGNED: _assigned}, other_events=OTHER_EVENTS)
ACTIONS, refusal, check, available, event_label = (TABLE.actions, TABLE.refusal, TABLE.check, TABLE.available,
                                                   TABLE.event_label)
