from django.db import models
from django.utils.translation import gettext_lazy as _

from yiwang.orgs.models import Unit
from yiwang.singleton import Singleton


class UnitDay(models.Model):
    """One unit's facts for one day (see rates.FACTS), rolled up from the work orders so that
    monthly rates and trends read a few thousand rows instead of the whole order table."""

    day = models.DateField()
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    facts = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "unit"], name="unitday_unique")]
        indexes = [models.Index(fields=["day"])]


class Weights(Singleton):
    """How the monthly assessment ranks units: the weight of each rate in the score (one row)."""

    response = models.PositiveSmallIntegerField(_("response rate"), default=20)
    resolution = models.PositiveSmallIntegerField(_("resolution rate"), default=25)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction rate"), default=30)
    on_time = models.PositiveSmallIntegerField(_("on-time rate"), default=10)
    returns = models.PositiveSmallIntegerField(_("return rate (fewer is better)"), default=10)
    rectification = models.PositiveSmallIntegerField(_("bad-rating rectification rate"), default=5)
    tasks = models.PositiveSmallIntegerField(_("key-task on-time rate"), default=10)
    near_limit_hours = models.PositiveSmallIntegerField(
        _("close to its limit within (hours)"), default=24,
        help_text=_("The supervision overview counts open work whose limit ends within this many hours."))

    class Meta:
        verbose_name = _("assessment settings")
        verbose_name_plural = _("assessment settings")


class RolledDay(models.Model):
    """A day whose UnitDay rows are complete (a day with no facts has no rows, but is rolled)."""

    day = models.DateField(unique=True)
    computed_at = models.DateTimeField()
