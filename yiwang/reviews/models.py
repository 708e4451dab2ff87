"""好差评: one rating per finished case, and the rectification case (差评整改) that a bad
rating or a 找茬 report opens."""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.cases import Case
from yiwang.orgs.models import Unit
from yiwang.privacy.fields import EncryptedCharField
from yiwang.services.models import Application
from yiwang.singleton import Singleton
from yiwang.workorders.models import CaseEvent, WorkOrder


class Level(models.IntegerChoices):
    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    BASIC = 3, _("Basically satisfied")
    UNSATISFIED = 2, _("Unsatisfied")
    VERY_UNSATISFIED = 1, _("Very unsatisfied")


BAD_LEVELS = (Level.UNSATISFIED, Level.VERY_UNSATISFIED)


class RatingChannel(models.TextChoices):
    PAD = "pad", _("Service-hall pad")
    QR = "qr", _("QR code on the receipt")
    SMS = "sms", _("Text-message link")
    PORTAL = "portal", _("Portal")
    CALLBACK = "callback", _("Callback")
    APP = "app", _("Mobile app or partner platform (API)")


# The indicators of GB/T 39734: online (一网通办 and the hotline's online channels) and in the hall.
INDICATORS = {
    "online": [("efficiency", _("Efficiency")), ("guide_accuracy", _("Accuracy of the guide")),
               ("convenience", _("Convenience")), ("usability", _("Ease of use"))],
    "hall": [("efficiency", _("Service efficiency")), ("skill", _("Skill")), ("attitude", _("Attitude"))],
    "hotline": [("speed", _("Speed of the answer")), ("result", _("The result")), ("attitude", _("Attitude"))],
}


class Settings(Singleton):
    """The administrator's rating settings (one row)."""

    rectify_workdays = models.PositiveSmallIntegerField(
        _("rectify within (working days)"), default=5,
        help_text=_("How long the responsible unit has to verify and rectify a bad rating."))
    appeal_workdays = models.PositiveSmallIntegerField(
        _("appeal within (working days)"), default=5,
        help_text=_("How long the rater may appeal after the unit's feedback."))
    invite_by_text = models.BooleanField(
        _("invite by text message"), default=True,
        help_text=_("Queue a text message with a rating link when a case is finished."))

    class Meta:
        verbose_name = _("rating settings")
        verbose_name_plural = _("rating settings")


class Rating(models.Model):
    order = models.OneToOneField(WorkOrder, null=True, blank=True, on_delete=models.PROTECT, related_name="rating",
                                 verbose_name=_("work order"))
    application = models.OneToOneField(Application, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="rating", verbose_name=_("application"))
    level = models.PositiveSmallIntegerField(_("rating"), choices=Level.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=RatingChannel.choices)
    indicator_set = models.CharField(max_length=8, blank=True)
    indicators = models.JSONField(_("indicators"), default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    rater_name = models.CharField(_("rater's name"), max_length=50, blank=True)
    rater_phone = EncryptedCharField(_("rater's phone"), max_length=20, blank=True)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="ratings",
                             verbose_name=_("responsible unit"))
    rated_at = models.DateTimeField(_("rated at"), db_index=True)
    supplement = models.TextField(_("supplementary rating"), blank=True)
    supplemented_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-rated_at", "-id"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [models.CheckConstraint(
            condition=models.Q(order__isnull=True, application__isnull=False)
            | models.Q(order__isnull=False, application__isnull=True), name="rating_one_case")]

    @property
    def is_bad(self):
        return self.level in BAD_LEVELS

    @property
    def case(self):
        return self.order or self.application

    @property
    def case_number(self):
        return self.case.number

    def indicator_rows(self):
        return [(label, self.indicators.get(code)) for code, label in INDICATORS.get(self.indicator_set, [])
                if code in self.indicators]


class TextMessage(models.Model):
    """The outbox of text messages. The district's SMS gateway (deployment-specific) sends what
    is pending and marks it sent; the product never talks to a gateway itself."""

    phone = EncryptedCharField(_("phone"), max_length=20)
    body = models.TextField(_("text"))
    purpose = models.CharField(_("purpose"), max_length=40, db_index=True)
    created_at = models.DateTimeField(_("created at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")

    def __str__(self):
        return f"{self.purpose} · {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"


class State(models.TextChoices):
    PENDING_VERIFY = "pending_verify", _("To verify")
    RECTIFYING = "rectifying", _("Being rectified")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting a supervisor's approval")
    RECTIFIED = "rectified", _("Rectified")
    CANNOT = "cannot", _("Cannot be rectified")
    INVALID = "invalid", _("Invalid bad rating")
    APPEALED = "appealed", _("Appeal under review")


CONCLUDED = (State.RECTIFIED, State.CANNOT, State.INVALID)
OPEN_STATES = (State.PENDING_VERIFY, State.RECTIFYING, State.AWAITING_APPROVAL, State.APPEALED)


class Rectification(Case):
    """差评整改: a bad rating or a 找茬 report, verified and rectified by the responsible unit."""

    NUMBER_PREFIX = "ZG"
    NUMBER_DIGITS = 6

    class Source(models.TextChoices):
        RATING = "rating", _("Bad rating")
        FAULT = "fault", _("找茬 report")

    number = models.CharField(_("case number"), max_length=20, unique=True, null=True, editable=False)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    rating = models.OneToOneField(Rating, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="rectification")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="rectifications",
                             verbose_name=_("responsible unit"))
    summary = models.TextField(_("what went wrong"))
    place = models.CharField(_("where"), max_length=200, blank=True)
    reporter_name = models.CharField(_("rater's name"), max_length=50, blank=True)
    reporter_phone = EncryptedCharField(_("rater's phone"), max_length=20, blank=True)

    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PENDING_VERIFY,
                             db_index=True)
    created_at = models.DateTimeField(_("opened at"), db_index=True)
    due = models.DateTimeField(_("rectify by"), null=True, blank=True)
    verification = models.TextField(_("verification"), blank=True)
    result = models.TextField(_("rectification or reason"), blank=True)
    proposed = models.CharField(_("proposed conclusion"), max_length=20, choices=State.choices, blank=True)
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)
    feedback = models.TextField(_("feedback to the rater"), blank=True)
    feedback_at = models.DateTimeField(null=True, blank=True)
    appeal = models.TextField(_("the rater's appeal"), blank=True)
    appealed_at = models.DateTimeField(null=True, blank=True)
    appeal_from = models.CharField(max_length=20, choices=State.choices, blank=True)
    called_back_at = models.DateTimeField(_("called back at"), null=True, blank=True)
    callback_note = models.TextField(_("callback notes"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("rectification case")
        verbose_name_plural = _("rectification cases")

    def __str__(self):
        return f"{self.number} {self.unit}"

    @property
    def is_named(self):
        return bool(self.reporter_name.strip())

    @property
    def is_open(self):
        return self.state in OPEN_STATES


class RectificationEvent(CaseEvent):
    case = models.ForeignKey(Rectification, on_delete=models.PROTECT, related_name="events")
