"""What a user may see of the applications. Views, exports and prints all filter through here."""
from django.db.models import Q

from yiwang.orgs import roles as R
from yiwang.privacy.permissions import may_reveal

from .models import Application, ApprovalStep

# The hall takes any item; supervisors, leaders and administrators see everything.
SEE_ALL = R.HALL_ROLES | {R.SUPERVISOR, R.LEADER}
INTAKE_ROLES = R.HALL_ROLES


def visible_applications(user, qs=None):
    qs = Application.objects.all() if qs is None else qs
    user_roles = R.roles_of(user)
    if user_roles & SEE_ALL:
        return qs
    unit = R.unit_of(user)
    if user_roles & R.UNIT_ROLES and unit is not None:
        step_items = ApprovalStep.objects.filter(unit=unit).values("item_id")
        return qs.filter(Q(item__unit=unit) | Q(item__in=step_items))
    if getattr(user, "is_authenticated", False):
        return qs.filter(applicant_owns(user))
    return qs.none()


def applicant_owns(user):
    """The applications that belong to a portal account (线上线下一体化): those it made online,
    and those taken at a window (or by a butler) for the same ID-card number or credit code with
    the account's phone as contact. The phone joins the two because a portal account is not
    real-name verified: an ID number typed at registration alone must not open someone's case."""
    profile = getattr(user, "applicant", None)
    mine = Q(portal_user=user)
    if profile is None:
        return mine
    if profile.kind == "org" and profile.credit_code:
        same = Q(credit_code=profile.credit_code)
    elif profile.id_number:
        same = Q(id_number_index=profile.id_number_index, applicant_kind="person")
    else:
        return mine
    return mine | (same & Q(contact_phone_index=profile.phone_index))


def is_applicant_of(user, app):
    if not getattr(user, "is_authenticated", False):
        return False
    if app.portal_user_id == user.pk:
        return True
    return hasattr(user, "applicant") and Application.objects.filter(applicant_owns(user), pk=app.pk).exists()


def can_see(user, app):
    return visible_applications(user, Application.objects.filter(pk=app.pk)).exists()


def is_staff_viewer(user):
    return bool(R.roles_of(user) & (SEE_ALL | R.UNIT_ROLES))


def can_take_applications(user):
    return bool(R.roles_of(user) & INTAKE_ROLES)


def can_reveal(user):
    return may_reveal(user)


def can_monitor(user):
    return bool(R.roles_of(user) & ({R.SUPERVISOR, R.LEADER} | R.UNIT_ROLES))
