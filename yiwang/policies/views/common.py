"""What the policy pages share: who may open them, who edits, the issuing units."""
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from yiwang.orgs import roles as R
from yiwang.orgs.models import Unit

from .. import selectors, services

PAGE_SIZE = 30


def _require_open(user):
    if not selectors.may_open(user):
        raise PermissionDenied(_("Your role may not open this page."))


def _require_editor(user):
    if not (R.roles_of(user) & services.EDITORS):
        raise PermissionDenied(_("Your role may not open this page."))


def _issuing_units():
    return Unit.objects.filter(is_active=True, kind__in=[Unit.Kind.BUREAU, Unit.Kind.STREET, Unit.Kind.DISTRICT])
