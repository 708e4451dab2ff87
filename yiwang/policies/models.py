"""惠企政策: a policy document (文号, issuing unit, validity) and its articles, each with its
conditions written as data over an enterprise's fields, an amount or a formula, a yearly cap and
the materials to apply; claims (申报兑现) from application to payment, or granted without one
(免申即享) after a reviewer confirms the run; the public notice (公示) and its objections; the payout
ledger; the public sessions on a policy (阳光答辩 before it is issued, 阳光质询 after)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yiwang.cases import Case
from yiwang.enterprises.models import Enterprise
from yiwang.orgs.models import Unit
from yiwang.workorders.models import CaseEvent


class PolicyDocument(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft (for comment)")
        ISSUED = "issued", pgettext_lazy("policy document state", "Issued")

    number = models.CharField(_("document number (文号)"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    issuing_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="policies",
                                     verbose_name=_("issuing unit"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.ISSUED)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["-valid_from", "number"]
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")

    def __str__(self):
        return f"{self.number} {self.title}"

    def in_force(self, day):
        return self.state == self.State.ISSUED and self.valid_from <= day <= self.valid_to


class Article(models.Model):
    class Mode(models.TextChoices):
        APPLY = "apply", _("Apply and pay (申报兑现)")
        EXEMPT = "exempt", _("Granted without applying (免申即享)")

    document = models.ForeignKey(PolicyDocument, on_delete=models.CASCADE, related_name="articles")
    seq = models.PositiveSmallIntegerField(_("article no."))
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(pgettext_lazy("policy article", "content"))
    conditions = models.TextField(_("conditions"), blank=True,
                                  help_text=_("One condition a line, over the enterprise's fields, e.g. "
                                              "revenue >= 2000, section == \"C\", \"high_tech\" in labels."))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    formula = models.CharField(_("formula (yuan)"), max_length=200, blank=True,
                               help_text=_("Instead of a fixed amount, e.g. revenue * 10 (revenue is in 10,000 yuan)."))
    cap = models.DecimalField(_("cap a year per enterprise (yuan)"), max_digits=12, decimal_places=2)
    mode = models.CharField(_("how it is delivered"), max_length=8, choices=Mode.choices, default=Mode.APPLY)
    materials = models.TextField(_("materials to apply"), blank=True)
    notice_days = models.PositiveSmallIntegerField(_("public notice (days)"), default=5)

    class Meta:
        ordering = ["document", "seq"]
        verbose_name = _("policy article")
        verbose_name_plural = _("policy articles")
        constraints = [models.UniqueConstraint(fields=["document", "seq"], name="one_article_number")]

    def __str__(self):
        return f"{self.document.number} 第{self.seq}条 {self.title}"


class Claim(Case):
    """One enterprise's benefit under one article for one year: applied for, or granted by a run."""

    NUMBER_PREFIX = "JF"
    NUMBER_DIGITS = 6

    class State(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("policy claim state", "Awaiting review")
        REVIEWED = "reviewed", _("Reviewed, awaiting a second reviewer")
        NOTICE = "notice", _("On public notice")
        READY = "ready", _("To be paid")
        PAYING = "paying", _("Payment recorded, awaiting a second person")
        PAID = "paid", _("Paid")
        REJECTED = "rejected", pgettext_lazy("policy claim state", "Not granted")

    class Channel(models.TextChoices):
        PORTAL = "portal", _("Enterprise portal")
        BUTLER = "butler", _("By its butler")
        EXEMPT = "exempt", _("免申即享 run")
        API = "api", _("Partner platform (API)")

    number = models.CharField(_("claim number"), max_length=20, unique=True, null=True, editable=False)
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="claims",
                                   verbose_name=_("enterprise"))
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="claims", verbose_name=_("article"))
    year = models.PositiveSmallIntegerField(_("year"))
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SUBMITTED, db_index=True)
    requested = models.DecimalField(_("amount asked (yuan)"), max_digits=12, decimal_places=2)
    amount = models.DecimalField(_("amount granted (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    statement = models.TextField(_("statement"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    notice_until = models.DateField(_("on notice until"), null=True, blank=True)
    paid_at = models.DateTimeField(_("payment confirmed at"), null=True, blank=True, db_index=True)
    paid_on = models.DateField(_("paid on (the voucher's date)"), null=True, blank=True)
    voucher = models.CharField(_("payment voucher"), max_length=60, blank=True)
    run = models.ForeignKey("ExemptRun", null=True, blank=True, on_delete=models.PROTECT, related_name="claims")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("submitted at"), db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("policy claim")
        verbose_name_plural = _("policy claims")
        # The payout ledger's rule: one article, one enterprise, one year, once (a refused claim
        # may be made again).
        constraints = [models.UniqueConstraint(fields=["article", "enterprise", "year"],
                                               condition=~models.Q(state="rejected"), name="one_claim_a_year")]

    def __str__(self):
        return f"{self.number} {self.enterprise}"


def claim_file_path(instance, filename):
    return f"claims/{instance.claim_id}/{filename}"


class ClaimFile(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=claim_file_path)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField()


class Objection(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("To be decided")
        UPHELD = "upheld", _("Upheld: not granted")
        DISMISSED = "dismissed", _("Dismissed")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="objections")
    text = models.TextField(_("objection"))
    name = models.CharField(_("name"), max_length=50, blank=True)
    at = models.DateTimeField()
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    note = models.TextField(_("decision"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["at", "id"]


class ClaimEvent(CaseEvent):
    case = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="events")


class Budget(models.Model):
    """A policy's money for a year (资金预算): what grants of its articles may commit, no more."""

    document = models.ForeignKey(PolicyDocument, on_delete=models.PROTECT, related_name="budgets",
                                 verbose_name=_("policy document"))
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("budget (yuan)"), max_digits=14, decimal_places=2)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    set_at = models.DateTimeField()

    class Meta:
        ordering = ["document", "-year"]
        verbose_name = _("policy budget")
        verbose_name_plural = _("policy budgets")
        constraints = [models.UniqueConstraint(fields=["document", "year"], name="one_budget_a_year")]

    def __str__(self):
        return f"{self.document.number} {self.year}"


class ExemptRun(models.Model):
    """免申即享: the enterprises the data shows eligible for an article, granted once a reviewer
    confirms the list."""

    class State(models.TextChoices):
        DRAFT = "draft", _("To be confirmed")
        CONFIRMED = "confirmed", _("Confirmed and granted")

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="runs")
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    items = models.JSONField(_("eligible enterprises"), default=list)  # [{enterprise, amount}]
    skipped = models.JSONField(default=list)  # [{enterprise, why}]: already claimed this year
    excluded = models.JSONField(default=list)  # [enterprise ids] the reviewer left out when confirming
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class Session(models.Model):
    """阳光答辩 (before a policy is issued: entrepreneurs question the draft) or 阳光质询 (after: they
    judge whether it was delivered)."""

    class Kind(models.TextChoices):
        HEARING = "hearing", _("阳光答辩 (before issue)")
        INQUIRY = "inquiry", _("阳光质询 (after issue)")

    document = models.ForeignKey(PolicyDocument, on_delete=models.PROTECT, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    open_until = models.DateField(_("questions taken until"))
    answer_workdays = models.PositiveSmallIntegerField(_("answered within (working days)"), default=5)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("public session")
        verbose_name_plural = _("public sessions")

    def __str__(self):
        return self.title


class Question(models.Model):
    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASIC = "basic", _("Basically satisfied")
        UNSATISFIED = "unsatisfied", _("Unsatisfied")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="questions")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="questions")
    text = models.TextField(_("question"))
    asked_at = models.DateTimeField()
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("answered by"))
    answer_due = models.DateTimeField(_("answer by"))
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    rating = models.CharField(_("the questioner's rating"), max_length=12, choices=Rating.choices, blank=True)
    delivered = models.BooleanField(_("the policy was delivered (the questioner says)"), null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]
