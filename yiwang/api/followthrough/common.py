"""What the follow-through endpoints share: reading unit ids."""

from django.utils.translation import gettext as _

from yiwang.orgs.models import Unit


def _unit(pk, field):
    if pk is None:
        return None
    unit = Unit.objects.filter(pk=pk, is_active=True).first()
    if unit is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({field: _("No active unit has the id %(id)s.") % {"id": pk}})
    return unit


def _units(pks, field):
    return [_unit(pk, field) for pk in pks]
