from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yiwang.singleton import Singleton
from yiwang.workorders.models import Category, WorkOrder


class ModelVersion(models.Model):
    """One trained category classifier. The artefact lives in the database, so every app
    server loads the same model and rolling back is switching which version is active."""

    class Source(models.TextChoices):
        ORDERS = "orders", _("Closed orders")
        UPLOAD = "upload", _("Imported labelled data")

    class State(models.TextChoices):
        TRAINING = "training", _("Training")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    number = models.PositiveIntegerField(_("version"), unique=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.TRAINING)
    is_active = models.BooleanField(_("active"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    note = models.CharField(_("note"), max_length=200, blank=True)
    samples = models.PositiveIntegerField(_("training messages"), default=0)
    labels = models.JSONField(_("labels"), default=list)
    evaluation = models.JSONField(_("evaluation"), default=dict)
    error = models.TextField(_("error"), blank=True)
    artifact = models.BinaryField(_("model"), null=True, editable=False)
    training_data = models.BinaryField(_("uploaded data"), null=True, editable=False)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("classifier version")
        verbose_name_plural = _("classifier versions")
        constraints = [models.UniqueConstraint(fields=["is_active"], condition=models.Q(is_active=True),
                                               name="one_active_classifier")]

    def __str__(self):
        return f"v{self.number}"


class Settings(Singleton):
    """The administrator's insight settings (one row)."""

    auto_dispatch_confidence = models.DecimalField(
        _("auto-dispatch confidence"), max_digits=4, decimal_places=3, null=True, blank=True,
        help_text=_("Orders whose suggested category reaches this confidence (0-1) are dispatched to the "
                    "routed unit without a dispatcher. Empty: never."))
    suggestions = models.PositiveSmallIntegerField(_("suggestions shown"), default=3)
    duplicate_threshold = models.DecimalField(_("duplicate similarity"), max_digits=3, decimal_places=2,
                                              default=0.35)
    hot_days = models.PositiveSmallIntegerField(_("hot-issue window (days)"), default=30)

    class Meta:
        verbose_name = _("insight settings")
        verbose_name_plural = _("insight settings")


class Prediction(models.Model):
    """What the classifier said of an order when it was filed (kept to judge the model and to
    explain an automatic dispatch)."""

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="predictions")
    version = models.ForeignKey(ModelVersion, on_delete=models.PROTECT, related_name="predictions")
    label = models.CharField(_("label"), max_length=50)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    confidence = models.FloatField(_("confidence"))
    ranked = models.JSONField(default=list)  # [[label, confidence], ...] best first
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]


class Fingerprint(models.Model):
    """An order's duplicate-finding signature: its words' band hashes (see duplicates.py)."""

    order = models.OneToOneField(WorkOrder, on_delete=models.CASCADE, related_name="fingerprint")
    place = models.CharField(max_length=40, blank=True)


class Band(models.Model):
    fingerprint = models.ForeignKey(Fingerprint, on_delete=models.CASCADE, related_name="bands")
    value = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["value"])]
