from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    """A year whose working days are known. Dates in a year without a row are refused:
    a deadline is never guessed."""

    class Source(models.TextChoices):
        SEEDED = "seeded", _("Seeded from the State Council's schedule (chinesecalendar)")
        MANUAL = "manual", _("Entered by an administrator")

    year = models.PositiveIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self):
        return str(self.year)


class SpecialDay(models.Model):
    """A day that differs from the Monday-to-Friday rule: a holiday on a weekday, or a
    make-up working day (调休) on a weekend."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("working day"))
    name = models.CharField(_("name"), max_length=50, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday or make-up day")
        verbose_name_plural = _("holidays and make-up days")

    def __str__(self):
        return f"{self.date} {self.name}"
