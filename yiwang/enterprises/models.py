"""企业服务: the district's enterprises (registry, sizes computed by the 2017 rules, labels with their
certificates), the officials assigned to visit them (包联) and their visits, whose problems enter the
12345 loop or become key tasks."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yiwang.orgs.models import Unit
from yiwang.privacy.fields import BlindIndexField, EncryptedCharField, MaskedCopyField
from yiwang.tasks.models import Task
from yiwang.workorders.models import WorkOrder

from . import industries


class Label(models.Model):
    """A recognition an enterprise holds: 高新技术企业, 专精特新, 小巨人, ... (administrators keep the list)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50)
    years_valid = models.PositiveSmallIntegerField(_("years a certificate is valid"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("enterprise label")
        verbose_name_plural = _("enterprise labels")

    def __str__(self):
        return self.name


class Status(models.TextChoices):
    """The market-regulation register's 登记状态: 存续 / 在业 keep an enterprise in the registry's work;
    注销, 吊销, 撤销 and 迁出 close it (kept, never matched to a policy or due a visit)."""
    ACTIVE = "active", _("In business")
    CLOSED = "closed", _("Closed (deregistered, revoked or moved away)")


class Enterprise(models.Model):
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    name = models.CharField(_("name"), max_length=100, db_index=True)
    legal_rep = models.CharField(_("legal representative"), max_length=50, blank=True)
    registered_capital = models.DecimalField(_("registered capital (10,000 yuan)"), max_digits=14, decimal_places=2,
                                             null=True, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    industry = models.CharField(_("industry code (GB/T 4754-2017)"), max_length=4, db_index=True)
    section = models.CharField(_("industry section"), max_length=1, db_index=True, editable=False)
    staff = models.PositiveIntegerField(_("staff"), null=True, blank=True)
    revenue = models.DecimalField(_("revenue last year (10,000 yuan)"), max_digits=14, decimal_places=2, null=True,
                                  blank=True)
    assets = models.DecimalField(_("total assets (10,000 yuan)"), max_digits=14, decimal_places=2, null=True,
                                 blank=True)
    size = models.CharField(_("size"), max_length=12, choices=industries.SIZES, db_index=True, editable=False)
    above_scale = models.BooleanField(_("above designated size (规上)"), default=False, db_index=True,
                                      editable=False)
    street = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="enterprises",
                               verbose_name=_("street"))
    park = models.CharField(_("park"), max_length=100, blank=True, db_index=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    contact_phone = EncryptedCharField(_("contact phone"), max_length=20, blank=True)
    contact_phone_index = BlindIndexField(source="contact_phone", kind="phone")
    contact_phone_masked = MaskedCopyField(source="contact_phone", kind="phone")
    butler = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="butlered_enterprises", verbose_name=_("enterprise butler"))
    labels = models.ManyToManyField(Label, through="EnterpriseLabel", blank=True, verbose_name=_("labels"))
    status = models.CharField(_("registration status"), max_length=8, choices=Status.choices, default=Status.ACTIVE,
                              db_index=True)
    status_text = models.CharField(_("registration status as registered"), max_length=30, blank=True)
    updated_at = models.DateTimeField(pgettext_lazy("record", "updated at"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")

    def __str__(self):
        return self.name

    @property
    def size_missing(self):
        """The figures its size class lacks, when it is not classified."""
        if self.size != industries.UNCLASSIFIED:
            return []
        return industries.missing_figures(self.industry, self.staff, self.revenue, self.assets)

    def compute(self):
        """The derived figures: section, size class and 规上, from the data rules."""
        self.section = industries.section_of(self.industry)
        self.size, _rule = industries.classify(self.industry, self.staff, self.revenue, self.assets)
        self.above_scale = industries.above_scale(self.industry, self.revenue)


class EnterpriseLabel(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="held_labels")
    label = models.ForeignKey(Label, on_delete=models.PROTECT, related_name="+")
    certificate = models.CharField(_("certificate number"), max_length=50, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enterprise", "label"], name="one_label_each")]


class Rate(models.TextChoices):
    MONTHLY = "monthly", _("Once a month")
    QUARTERLY = "quarterly", _("Once a quarter")
    HALF_YEARLY = "half_yearly", _("Once every half year")
    YEARLY = "yearly", _("Once a year")


class Assignment(models.Model):
    """包联: an official assigned an enterprise, to visit it at a rate."""

    official = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assigned_enterprises",
                                 verbose_name=_("official"))
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="assignments",
                                   verbose_name=_("enterprise"))
    rate = models.CharField(_("visit rate"), max_length=12, choices=Rate.choices, default=Rate.QUARTERLY)
    since = models.DateField(_("since"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("assignment (包联)")
        verbose_name_plural = _("assignments (包联)")
        constraints = [models.UniqueConstraint(fields=["official", "enterprise"], condition=models.Q(ended_on=None),
                                               name="one_open_assignment")]


class Visit(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="visits",
                                   verbose_name=_("enterprise"))
    official = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits",
                                 verbose_name=_("official"))
    visited_on = models.DateField(_("visited on"), db_index=True)
    people = models.CharField(_("who took part"), max_length=200, blank=True)
    content = models.TextField(_("what was discussed"))
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")


class Problem(models.Model):
    """A problem (诉求) raised on a visit, followed in the 12345 loop or as a key task."""

    class Route(models.TextChoices):
        ORDER = "order", _("Work order (12345)")
        TASK = "task", _("Key task")

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="problems")
    text = models.TextField(_("problem"))
    route = models.CharField(_("followed as"), max_length=8, choices=Route.choices)
    order = models.OneToOneField(WorkOrder, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="enterprise_problem")
    task = models.OneToOneField(Task, null=True, blank=True, on_delete=models.PROTECT, related_name="enterprise_problem")

    class Meta:
        ordering = ["id"]

    @property
    def closed(self):
        if self.order_id:
            return self.order.status in ("closed", "merged")
        if self.task_id:
            return self.task.state == "closed"
        return False

    @property
    def state_label(self):
        if self.order_id:
            return self.order.get_status_display()
        if self.task_id:
            return self.task.get_state_display()
        return ""


class PortalProblem(models.Model):
    """A problem the enterprise raised itself on its portal: a 12345 order of this enterprise (never
    joined by a phone number, which is a person's and may be anyone's)."""

    enterprise = models.ForeignKey("Enterprise", on_delete=models.PROTECT, related_name="portal_problems")
    order = models.OneToOneField(WorkOrder, on_delete=models.PROTECT, related_name="portal_problem")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    raised_at = models.DateTimeField(_("raised at"))

    class Meta:
        ordering = ["-raised_at"]
        verbose_name = _("problem raised on the portal")
        verbose_name_plural = _("problems raised on the portal")


class ImportSource(models.Model):
    """A department whose files the registry imports (市场监管 export, 统计 extract, ...): its own
    headings, mapped to the registry's fields once and kept for the next file."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=60)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True,
                               help_text=_("heading → field; an empty field ignores the column"))
    updated_at = models.DateTimeField(pgettext_lazy("record", "updated at"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("import source")
        verbose_name_plural = _("import sources")

    def __str__(self):
        return self.name


class EnterpriseImport(models.Model):
    """One uploaded file: its rows as read (normalised, with each cell's problem), shown as the
    changes it would make before anyone confirms, and what it did once confirmed."""

    class State(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed, not saved")
        APPLIED = "applied", _("Imported")
        DISCARDED = "discarded", _("Discarded")

    source = models.ForeignKey(ImportSource, on_delete=models.PROTECT, related_name="imports",
                               verbose_name=_("import source"))
    file_name = models.CharField(_("file"), max_length=200)
    file = models.FileField(upload_to="imports/enterprises/%Y/%m/", blank=True)  # read again with new columns
    headings = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PREVIEWED)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"))
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    applied_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("enterprise import")
        verbose_name_plural = _("enterprise imports")
