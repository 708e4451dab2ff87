import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_secret():
    return secrets.token_urlsafe(32)


class Subscription(models.Model):
    """A system that wants to hear when cases change state. It sees what its acting user may see."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("address (URL)"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=100, default=new_secret,
                              help_text=_("Each delivery is signed with HMAC-SHA256 under this secret."))
    kinds = models.CharField(_("cases"), max_length=100, default="workorder,application,rectification",
                             help_text=_("Comma-separated: workorder, application, rectification, task, suggestion, proposal."))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("acts as"),
                             help_text=_("Only cases this user may see are sent."))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self):
        return self.name

    def wants(self, kind):
        return kind in {k.strip() for k in self.kinds.split(",")}


class Delivery(models.Model):
    """One event for one subscriber, and every attempt to hand it over (the delivery log)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        DELIVERED = "delivered", _("Acknowledged")
        FAILED = "failed", _("Given up")

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries",
                                     verbose_name=_("subscription"))
    event_id = models.UUIDField(_("event id"), default=uuid.uuid4, editable=False)
    event = models.CharField(_("event"), max_length=40)
    payload = models.JSONField(_("payload"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True, db_index=True)
    last_status = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), db_index=True)
    delivered_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [models.UniqueConstraint(fields=["subscription", "event_id"], name="delivery_unique_event")]

    def __str__(self):
        return f"{self.event} → {self.subscription}"


class Attempt(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="log")
    at = models.DateTimeField(_("at"))
    status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    duration_ms = models.PositiveIntegerField(_("took (ms)"), default=0)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
