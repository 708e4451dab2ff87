"""Which action on an application is allowed in which state and by whom. Only this module
knows; services check it before every change and pages show exactly what it allows."""
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yiwang.orgs import roles as R
from yiwang.workflow import ANY, Action, Table

from .models import Acceptance, ApplicationMaterial, StepKind
from .models import Status as S

APPLICANT = "applicant"  # not a staff role: the portal account that owns the application

HALL = ANY               # the service-hall roles: any window takes any item
STEP = "step"            # the unit and role of the current approval step
ITEM_UNIT = "item_unit"  # unit roles only for the item's implementing unit


def _materials(app, *states, required=None):
    qs = app.materials.filter(state__in=states)
    if required is not None:
        qs = qs.filter(required=required)
    return qs


def _all_required_received(app, user):
    missing = [m.name for m in _materials(app, ApplicationMaterial.State.MISSING, required=True)]
    if missing:
        return _("Required materials are missing: %(names)s. Ask for a correction, or accept with materials to "
                 "follow if they may follow later.") % {"names": "、".join(missing)}


def _missing_all_deferrable(app, user):
    missing = list(_materials(app, ApplicationMaterial.State.MISSING, required=True).select_related("material"))
    if not missing:
        return _("Nothing is missing; accept the application normally.")
    fixed = [m.name for m in missing if not (m.material and m.material.deferrable)]
    if fixed:
        return _("These materials may not follow later: %(names)s.") % {"names": "、".join(fixed)}


def _commitment_allowed(app, user):
    if not app.item.commitment_allowed:
        return _("This item does not accept a written commitment (告知承诺).")
    if not _materials(app, ApplicationMaterial.State.MISSING, required=True).exists():
        return _("Nothing is missing; accept the application normally.")


def _step_kind_is(*kinds):
    def guard(app, user):
        if app.current_step is None or app.current_step.kind not in kinds:
            if StepKind.DECIDE in kinds:
                return _("The current step is not the decision step.")
            return _("The current step is the decision step: record the decision.")
    return guard


def _has_pending(app, user):
    if not _materials(app, ApplicationMaterial.State.PENDING).exists():
        return _("No materials are awaited from the applicant.")


def _nothing_pending(app, user):
    pending = [m.name for m in _materials(app, ApplicationMaterial.State.PENDING)]
    if pending:
        return _("The result can be handed out only when the materials to follow have arrived: %(names)s.") % {
            "names": "、".join(pending)}


def _commitment_unchecked(app, user):
    if app.acceptance != Acceptance.COMMITMENT:
        return _("The application was not accepted on a commitment.")
    if app.commitment_checked:
        return _("The commitment has already been checked.")


HALL_ROLES = frozenset({R.CLERK, R.BUTLER})
UNIT = frozenset(R.UNIT_ROLES)

_ACTIONS = [
    Action("accept", gettext_lazy("Accept"), frozenset({S.SUBMITTED}), S.IN_REVIEW, HALL_ROLES, HALL,
           guards=(_all_required_received,)),
    Action("accept_with_pending", gettext_lazy("Accept with materials to follow (容缺受理)"), frozenset({S.SUBMITTED}),
           S.IN_REVIEW, HALL_ROLES, HALL, guards=(_missing_all_deferrable,)),
    Action("accept_on_commitment", gettext_lazy("Accept on a written commitment (告知承诺)"), frozenset({S.SUBMITTED}),
           S.IN_REVIEW, HALL_ROLES, HALL, guards=(_commitment_allowed,)),
    Action("request_correction", gettext_lazy("Ask for correction (补正)"), frozenset({S.SUBMITTED}), S.CORRECTION,
           HALL_ROLES, HALL),
    Action("reject", gettext_lazy("Do not accept (不予受理)"), frozenset({S.SUBMITTED}), S.REJECTED, HALL_ROLES, HALL),
    Action("supply_correction", gettext_lazy("Hand in the corrections"), frozenset({S.CORRECTION}), S.SUBMITTED,
           HALL_ROLES | {APPLICANT}, HALL),
    Action("withdraw", gettext_lazy("Withdraw the application"), frozenset({S.SUBMITTED, S.CORRECTION, S.IN_REVIEW}),
           S.WITHDRAWN, HALL_ROLES | {APPLICANT}, HALL),
    Action("pass_step", gettext_lazy("Complete this step"), frozenset({S.IN_REVIEW}), None, UNIT, STEP,
           guards=(_step_kind_is(StepKind.REVIEW, StepKind.SIGN_OFF),)),
    Action("decide", gettext_lazy("Decide"), frozenset({S.IN_REVIEW}), None, UNIT, STEP,
           guards=(_step_kind_is(StepKind.DECIDE),)),
    Action("start_special", gettext_lazy("Start a special procedure (特别程序)"), frozenset({S.IN_REVIEW}), S.SPECIAL,
           UNIT, STEP),
    Action("end_special", gettext_lazy("End the special procedure"), frozenset({S.SPECIAL}), S.IN_REVIEW,
           UNIT, STEP),
    Action("supply_pending", gettext_lazy("Materials to follow have arrived"),
           frozenset({S.IN_REVIEW, S.SPECIAL, S.TO_DELIVER}), None, HALL_ROLES | {APPLICANT}, HALL,
           guards=(_has_pending,)),
    Action("deliver", gettext_lazy("Hand out at the window (出件)"), frozenset({S.TO_DELIVER}), S.DELIVERED,
           HALL_ROLES, HALL, guards=(_nothing_pending,)),
    Action("mail", gettext_lazy("Mail the result (免费邮寄)"), frozenset({S.TO_DELIVER}), S.MAILED, HALL_ROLES, HALL,
           guards=(_nothing_pending,)),
    Action("confirm_receipt", gettext_lazy("The mailed result was received (签收)"), frozenset({S.MAILED}), S.DELIVERED,
           HALL_ROLES | {APPLICANT}, HALL),
    Action("check_commitment", gettext_lazy("Check the commitment"),
           frozenset({S.IN_REVIEW, S.SPECIAL, S.TO_DELIVER, S.MAILED, S.DELIVERED}), None,
           UNIT | {R.SUPERVISOR}, ITEM_UNIT, guards=(_commitment_unchecked,)),
]


def roles_for(app, user):
    from .permissions import is_applicant_of

    roles = set(R.roles_of(user))
    if is_applicant_of(user, app):
        roles.add(APPLICANT)
    return roles


def _step_unit(app, user, action, held):
    step, unit = app.current_step, R.unit_of(user)
    if step is None or unit is None or unit.pk != (step.unit_id or app.item.unit_id):
        return _("Only the unit of the current step may “%(action)s”.") % {"action": action.label}
    if step.role == R.UNIT_HEAD and R.UNIT_HEAD not in held:
        return _("This step is for the unit head.")


def _item_unit(app, user, action, held):
    unit = R.unit_of(user)
    if unit is None or unit.pk != app.item.unit_id:
        return _("Only the implementing unit may “%(action)s”.") % {"action": action.label}


OTHER_EVENTS = {"submit": gettext_lazy("Application submitted"), "next_step": gettext_lazy("Moved to the next step")}

TABLE = Table(
    _ACTIONS, not_now=gettext_lazy("“%(action)s” is not possible while the application is “%(status)s”."),
    scopes={STEP: _step_unit, ITEM_UNIT: _item_unit}, roles=roles_for, other_events=OTHER_EVENTS)
ACTIONS, refusal, check, available, event_label = (TABLE.actions, TABLE.refusal, TABLE.check, TABLE.available,
                                                   TABLE.event_label)
