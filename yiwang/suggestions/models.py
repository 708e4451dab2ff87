"""建议征询 (开门决策): a campaign asks the public or enterprises for suggestions on a theme; each
suggestion is reviewed (adopted, partly adopted, not adopted, with a reason), answered, published
with its proposer's consent, rewarded from the campaign's fund, and an adopted one is followed as
a key task to its result."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yiwang.cases import Case
from yiwang.privacy.fields import BlindIndexField, EncryptedCharField, MaskedCopyField
from yiwang.tasks.models import Task
from yiwang.workorders.models import CaseEvent, WorkOrder


class Campaign(models.Model):
    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        PUBLIC = "public", _("Citizens")
        ENTERPRISES = "enterprises", _("Enterprises")

    code = models.SlugField(_("code"), max_length=40, unique=True,
                            help_text=_("Letters, digits and hyphens; it is part of the campaign's public address."))
    title = models.CharField(_("theme"), max_length=200)
    description = models.TextField(_("what is asked"))
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices, default=Audience.EVERYONE)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    award_fund = models.DecimalField(_("award fund (yuan)"), max_digits=12, decimal_places=2, default=0)
    award_min = models.DecimalField(_("smallest award (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True,
                                    help_text=_("The rules' range: an award below it is refused."))
    award_max = models.DecimalField(_("largest award (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True,
                                    help_text=_("The rules' range: an award above it is refused."))
    rules = models.TextField(_("rules"), blank=True)
    published = models.BooleanField(_("published"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("suggestion campaign")
        verbose_name_plural = _("suggestion campaigns")

    def __str__(self):
        return self.title

    def is_open(self, today):
        return self.published and self.starts_on <= today <= self.ends_on


class State(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting review")
    ADOPTED = "adopted", _("Adopted")
    PARTLY = "partly", _("Partly adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")


ADOPTED_STATES = (State.ADOPTED, State.PARTLY)


class Channel(models.TextChoices):
    WEB = "web", _("Public page")
    API = "api", _("Partner platform (API)")
    HOTLINE = "hotline", _("12345 hotline")


class Suggestion(Case):
    NUMBER_PREFIX = "JY"
    NUMBER_DIGITS = 6

    number = models.CharField(_("suggestion number"), max_length=20, unique=True, null=True, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="suggestions",
                                 verbose_name=_("campaign"))
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("suggestion"))
    proposer_name = models.CharField(_("proposer"), max_length=50)
    organisation = models.CharField(_("organisation or enterprise"), max_length=100, blank=True)
    phone = EncryptedCharField(_("phone"), max_length=20, blank=True)
    phone_index = BlindIndexField(source="phone", kind="phone")
    phone_masked = MaskedCopyField(source="phone", kind="phone")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    order = models.OneToOneField(WorkOrder, null=True, blank=True, on_delete=models.PROTECT, related_name="suggestion",
                                 verbose_name=_("work order"))
    consent_publish = models.BooleanField(_("may be published"), default=False)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.SUBMITTED, db_index=True)
    reason = models.TextField(_("reason"), blank=True)
    answer = models.TextField(_("answer to the proposer"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    award = models.DecimalField(_("award (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    awarded_at = models.DateTimeField(_("awarded at"), null=True, blank=True)
    # An award (or its correction) proposed by one reviewer, waiting for a second one to confirm.
    award_proposed = models.DecimalField(_("award proposed (yuan)"), max_digits=12, decimal_places=2, null=True,
                                         blank=True)
    award_reason = models.TextField(_("reason of the award's correction"), blank=True)
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.PROTECT, related_name="suggestions",
                             verbose_name=_("key task"))
    group = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("similar to"))
    created_at = models.DateTimeField(_("submitted at"), db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")

    def __str__(self):
        return f"{self.number} {self.title}"


class SuggestionBand(models.Model):
    """A suggestion's near-duplicate signature (insight.duplicates' band hashes), found by index."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="bands")
    value = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["value"])]


class SuggestionEvent(CaseEvent):
    case = models.ForeignKey(Suggestion, on_delete=models.PROTECT, related_name="events")
