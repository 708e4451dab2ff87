"""人大代表建议 and 政协委员提案: received with their number and proposers, assigned to a lead unit
and co-units, answered in writing within 3 months of assignment (6 for a complex one, approved),
rated by the proposer (满意 / 基本满意 / 不满意); an unsatisfied rating sends it back to be handled
again."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yiwang.orgs.models import Unit
from yiwang.singleton import Singleton
from yiwang.workorders.models import CaseEvent


class Kind(models.TextChoices):
    DEPUTY = "deputy", _("Deputy's suggestion (人大建议)")
    CPPCC = "cppcc", _("CPPCC proposal (政协提案)")


class State(models.TextChoices):
    RECEIVED = "received", _("To be assigned")
    HANDLING = "handling", _("Being handled")
    ANSWERED = "answered", _("Answered, awaiting the rating")
    CLOSED = "closed", _("Concluded")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASIC = "basic", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class Settings(Singleton):
    answer_months = models.PositiveSmallIntegerField(_("answered within (months)"), default=3)
    complex_months = models.PositiveSmallIntegerField(_("a complex one within (months)"), default=6)
    rework_months = models.PositiveSmallIntegerField(_("handled again within (months)"), default=1)

    class Meta:
        verbose_name = _("proposal settings")
        verbose_name_plural = _("proposal settings")


class Proposal(models.Model):
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(pgettext_lazy("proposal", "content"))
    proposers = models.CharField(_("proposers"), max_length=200)
    received_on = models.DateField(_("received on"))
    lead_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="lead_proposals",
                                  verbose_name=_("lead unit"))
    co_units = models.ManyToManyField(Unit, blank=True, related_name="co_proposals", verbose_name=_("co-units"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.RECEIVED, db_index=True)
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    due = models.DateTimeField(_("answer by"), null=True, blank=True, db_index=True)
    complex_reason = models.TextField(_("why it is complex"), blank=True)
    complex_approved = models.BooleanField(_("complex (6 months) approved"), null=True, blank=True)
    answer = models.TextField(_("written answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_on_time = models.BooleanField(_("answered in time"), null=True, blank=True)
    rating = models.CharField(_("the proposer's rating"), max_length=12, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    rework_count = models.PositiveSmallIntegerField(_("handled again"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("registered at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-year", "kind", "serial"]
        verbose_name = _("deputy's suggestion or CPPCC proposal")
        verbose_name_plural = _("deputies' suggestions and CPPCC proposals")
        constraints = [models.UniqueConstraint(fields=["kind", "year", "serial"], name="one_proposal_number")]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def number(self):
        return f"{'RD' if self.kind == Kind.DEPUTY else 'ZX'}{self.year}-{self.serial:03d}"


class CoOpinion(models.Model):
    """A co-unit's opinion, which the lead unit takes into its answer."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="opinions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("opinion"))
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]


class ProposalEvent(CaseEvent):
    case = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="events")
