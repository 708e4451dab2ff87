"""The catalogue of service items with their guides, and the applications made for them."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yiwang.cases import Case
from yiwang.orgs.models import Unit
from yiwang.privacy.fields import BlindIndexField, EncryptedCharField
from yiwang.workorders.models import CaseEvent, form_fields_problem


class ItemType(models.TextChoices):
    LICENSING = "licensing", _("Administrative licensing")
    CONFIRMATION = "confirmation", _("Administrative confirmation")
    PAYMENT = "payment", _("Administrative payment")
    ADJUDICATION = "adjudication", _("Administrative adjudication")
    AWARD = "award", _("Administrative award")
    FILING = "filing", _("Administrative filing")
    OTHER_POWER = "other_power", _("Other administrative power")
    PUBLIC_SERVICE = "public_service", _("Public service")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Natural person")
    ORG = "org", _("Legal person")


class HandlingKind(models.TextChoices):
    IMMEDIATE = "immediate", _("Done on the spot")
    PROMISED = "promised", _("Done within the promised time")


class ServiceItem(models.Model):
    """A service item (事项) and its guide (办事指南). Publishing a change keeps the previous
    guide as a GuideVersion; an application records the version it was made under."""

    class ApplicantKinds(models.TextChoices):
        PERSON = "person", _("Natural persons")
        ORG = "org", _("Legal persons")
        BOTH = "both", _("Natural and legal persons")

    code = models.CharField(_("implementation code"), max_length=40, unique=True)
    basic_code = models.CharField(_("basic code"), max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=120)
    item_type = models.CharField(_("item type"), max_length=20, choices=ItemType.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("implementing unit"), on_delete=models.PROTECT,
                             related_name="service_items")
    applicant_kinds = models.CharField(_("who may apply"), max_length=8, choices=ApplicantKinds.choices,
                                       default=ApplicantKinds.BOTH)
    legal_basis = models.TextField(_("legal basis"))
    conditions = models.TextField(_("acceptance conditions"))
    process = models.TextField(_("process"), blank=True)
    statutory_days = models.PositiveSmallIntegerField(_("statutory time limit (working days)"))
    promised_days = models.PositiveSmallIntegerField(_("promised time limit (working days)"))
    handling_kind = models.CharField(_("handling"), max_length=10, choices=HandlingKind.choices,
                                     default=HandlingKind.PROMISED)
    fee = models.CharField(_("fees"), max_length=200, default="不收费")
    fee_basis = models.TextField(_("basis of the fees"), blank=True)
    visits = models.PositiveSmallIntegerField(_("visits needed"), default=0)
    online = models.BooleanField(_("may be applied for online"), default=True)
    commitment_allowed = models.BooleanField(_("accepts a written commitment (告知承诺)"), default=False)
    place = models.CharField(_("where"), max_length=200)
    hours = models.CharField(_("when"), max_length=200)
    consult = models.CharField(_("how to ask"), max_length=200)
    complain = models.CharField(_("how to complain"), max_length=200)
    result_name = models.CharField(_("result"), max_length=120)
    form_fields = models.JSONField(
        _("form fields"), default=list, blank=True,
        help_text=_('The application form: a list like [{"key": "shop_name", "label": "店铺名称", "required": true}]. '
                    "Fields with the same key are asked once in a bundle."))
    keywords = models.CharField(_("search keywords"), max_length=200, blank=True)
    published = models.BooleanField(_("published"), default=False)
    version = models.PositiveIntegerField(_("guide version"), default=0, editable=False)
    updated_at = models.DateTimeField(pgettext_lazy("record", "updated at"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("service item")
        verbose_name_plural = _("service items")

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.promised_days is not None and self.statutory_days is not None \
                and self.promised_days > self.statutory_days:
            errors["promised_days"] = _("The promised time limit cannot be longer than the statutory one.")
        if self.handling_kind == HandlingKind.IMMEDIATE and self.promised_days:
            errors["promised_days"] = _("An item done on the spot has a promised time limit of 0 working days.")
        problem = form_fields_problem(self.form_fields)
        if problem:
            errors["form_fields"] = problem
        if errors:
            raise ValidationError(errors)

    def accepts(self, applicant_kind):
        return self.applicant_kinds in (self.ApplicantKinds.BOTH, applicant_kind)


class Material(models.Model):
    class Form(models.TextChoices):
        ORIGINAL = "original", _("Original")
        COPY = "copy", _("Copy")
        BOTH = "both", _("Original and copy")

    class Medium(models.TextChoices):
        PAPER = "paper", _("Paper")
        ELECTRONIC = "electronic", _("Electronic")
        EITHER = "either", _("Paper or electronic")

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="materials")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("material"), max_length=160)
    form = models.CharField(_("original or copy"), max_length=10, choices=Form.choices, default=Form.ORIGINAL)
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    medium = models.CharField(_("paper or electronic"), max_length=10, choices=Medium.choices, default=Medium.EITHER)
    file_types = models.CharField(_("accepted file types"), max_length=60, default="pdf,jpg,png",
                                  help_text=_("Comma-separated extensions accepted for an upload of this material."))
    required = models.BooleanField(_("required"), default=True)
    deferrable = models.BooleanField(_("may follow later (容缺)"), default=False)
    shared_key = models.CharField(_("shared key"), max_length=40, blank=True,
                                  help_text=_("Materials with the same key are asked for once in a bundle."))
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    sample = models.FileField(_("sample"), upload_to="guides/samples/%Y/", blank=True)
    blank_form = models.FileField(_("blank form"), upload_to="guides/forms/%Y/", blank=True)

    class Meta:
        ordering = ["item", "position", "id"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self):
        return self.name

    @property
    def extensions(self):
        return [e.strip().lower().lstrip(".") for e in self.file_types.split(",") if e.strip()]


class StepKind(models.TextChoices):
    REVIEW = "review", _("Review")
    DECIDE = "decide", _("Decision step")
    SIGN_OFF = "sign_off", _("Sign-off")


class ApprovalStep(models.Model):
    """One step of an item's back-office approval, done by a role of a unit within a limit."""

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("step"), max_length=60)
    kind = models.CharField(_("kind"), max_length=10, choices=StepKind.choices, default=StepKind.REVIEW)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", help_text=_("Empty: the item's implementing unit."))
    role = models.CharField(_("role"), max_length=12, default="unit_staff",
                            choices=[("unit_staff", _("Handling-unit staff")), ("unit_head", _("Unit head"))])
    limit_days = models.PositiveSmallIntegerField(_("step limit (working days)"), default=1)

    class Meta:
        ordering = ["item", "position", "id"]
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")

    def __str__(self):
        return self.name

    @property
    def unit_id_effective(self):
        return self.unit_id or self.item.unit_id


class GuideVersion(models.Model):
    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField()
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        ordering = ["item", "-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="guide_version_unique")]
        verbose_name = _("guide version")
        verbose_name_plural = _("guide versions")


class Bundle(models.Model):
    """One thing, one visit (一件事一次办): items applied for together through one form."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    items = models.ManyToManyField(ServiceItem, through="BundleItem", related_name="bundles")
    published = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("bundle (one thing, one visit)")
        verbose_name_plural = _("bundles (one thing, one visit)")

    def __str__(self):
        return self.name


class BundleItem(models.Model):
    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE)
    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["bundle", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["bundle", "item"], name="bundle_item_unique")]


class Applicant(models.Model):
    """A citizen's or an enterprise's portal account."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applicant")
    kind = models.CharField(_("applicant kind"), max_length=8, choices=ApplicantKind.choices)
    name = models.CharField(_("name"), max_length=100)
    id_number = EncryptedCharField(_("ID-card number"), max_length=18, blank=True)
    id_number_index = BlindIndexField(source="id_number", kind="id")
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    legal_rep = models.CharField(_("legal representative"), max_length=50, blank=True)
    phone = EncryptedCharField(_("phone"), max_length=20)
    phone_index = BlindIndexField(source="phone", kind="phone")

    class Meta:
        verbose_name = _("portal applicant")
        verbose_name_plural = _("portal applicants")

    def __str__(self):
        return self.name


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting acceptance")
    CORRECTION = "correction", _("Awaiting correction")
    REJECTED = "rejected", _("Not accepted")
    IN_REVIEW = "in_review", _("Under review")
    SPECIAL = "special", _("Special procedure")
    TO_DELIVER = "to_deliver", _("Result ready")
    MAILED = "mailed", _("Mailed, awaiting receipt")
    DELIVERED = "delivered", _("Finished")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REVOKED = "revoked", _("Revoked")


FINISHED_STATUSES = (Status.REJECTED, Status.DELIVERED, Status.WITHDRAWN, Status.REVOKED)
# The time limits run from acceptance until the result is ready.
CLOCK_STATUSES = (Status.IN_REVIEW, Status.SPECIAL)


class Acceptance(models.TextChoices):
    NORMAL = "normal", _("Accepted normally")
    PENDING = "pending", _("Accepted with materials to follow (容缺受理)")
    COMMITMENT = "commitment", _("Accepted on a written commitment (告知承诺)")


class Decision(models.TextChoices):
    APPROVE = "approve", _("Granted")
    DENY = "deny", _("Not granted")


class BundleCase(models.Model):
    """One application for a bundle, split into one Application per item."""

    number = models.CharField(_("number"), max_length=24, unique=True, null=True, editable=False)
    bundle = models.ForeignKey(Bundle, on_delete=models.PROTECT, related_name="cases")
    applicant_name = models.CharField(_("applicant"), max_length=100)
    portal_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="bundle_cases")
    created_at = models.DateTimeField(_("submitted"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.number} {self.bundle.name}"


class Application(Case):
    NUMBER_PREFIX = "SQ"
    NUMBER_DIGITS = 7

    class Channel(models.TextChoices):
        WINDOW = "window", _("Service-hall window")
        ONLINE = "online", _("Online portal")

    class AssistKind(models.TextChoices):
        PROXY = "proxy", _("Assisted handling (帮代办)")
        BUTLER = "butler", _("Project butler (项目管家)")

    class Delivery(models.TextChoices):
        WINDOW = "window", _("Collected at the window")
        MAIL = "mail", _("Mailed free of charge")

    number = models.CharField(_("application number"), max_length=24, unique=True, null=True, editable=False)
    item = models.ForeignKey(ServiceItem, verbose_name=_("service item"), on_delete=models.PROTECT,
                             related_name="applications")
    guide_version = models.PositiveIntegerField(_("guide version"))
    bundle_case = models.ForeignKey(BundleCase, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="applications")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED,
                              db_index=True)
    status_changed_at = models.DateTimeField()

    applicant_kind = models.CharField(_("applicant kind"), max_length=8, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("applicant"), max_length=100)
    id_number = EncryptedCharField(_("ID-card number"), max_length=18, blank=True)
    id_number_index = BlindIndexField(source="id_number", kind="id")
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    legal_rep = models.CharField(_("legal representative"), max_length=50, blank=True)
    contact_phone = EncryptedCharField(_("contact phone"), max_length=20)
    contact_phone_index = BlindIndexField(source="contact_phone", kind="phone")
    address = models.CharField(_("address"), max_length=200, blank=True)
    form_data = models.JSONField(_("form"), default=dict, blank=True)
    portal_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="applications")

    submitted_at = models.DateTimeField(_("submitted"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    # 首问负责: the first clerk to handle the application stays its contact until the end.
    first_contact = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("first-contact clerk"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="+")
    assist_kind = models.CharField(_("assisted handling"), max_length=8, choices=AssistKind.choices, blank=True)
    assisted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("handled on the applicant's behalf by"),
                                    null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    correction_text = models.TextField(_("what must be corrected"), blank=True)
    rejection_reason = models.TextField(_("reason for not accepting"), blank=True)
    acceptance = models.CharField(_("acceptance"), max_length=10, choices=Acceptance.choices, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    pending_due = models.DateField(_("materials to follow by"), null=True, blank=True)
    commitment_text = models.TextField(_("written commitment"), blank=True)
    commitment_scan = models.FileField(_("signed commitment (scan)"), upload_to="applications/commitments/%Y/%m/",
                                       blank=True)
    commitment_checked = models.CharField(_("commitment check"), max_length=8, blank=True,
                                          choices=[("true", _("Commitment kept")), ("false", _("False commitment"))])

    current_step = models.ForeignKey(ApprovalStep, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    step_started_at = models.DateTimeField(null=True, blank=True)
    step_deadline = models.DateTimeField(_("step deadline"), null=True, blank=True)
    # Working days spent in finished special procedures; they do not count toward the limits.
    suspended_workdays = models.PositiveIntegerField(default=0)
    special_started_at = models.DateTimeField(null=True, blank=True)
    promised_deadline = models.DateTimeField(_("promised deadline"), null=True, blank=True)
    statutory_deadline = models.DateTimeField(_("statutory deadline"), null=True, blank=True)
    ready_at = models.DateTimeField(_("result ready"), null=True, blank=True)

    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("reasons"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    result_number = models.CharField(_("result document number"), max_length=40, blank=True)

    delivery = models.CharField(_("delivery"), max_length=8, choices=Delivery.choices, blank=True)
    mail_recipient = models.CharField(_("recipient"), max_length=50, blank=True)
    mail_phone = EncryptedCharField(_("recipient's phone"), max_length=20, blank=True)
    mail_address = models.CharField(_("mailing address"), max_length=200, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=40, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)


    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["status", "promised_deadline"])]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self):
        return f"{self.number} {self.item.name}"

    @property
    def is_finished(self):
        return self.status in FINISHED_STATUSES

    @property
    def form_rows(self):
        """The filled-in form as (label, value) in the item's order, for pages and printed documents."""
        return [(f["label"], self.form_data.get(f["key"], "")) for f in self.item.form_fields]

    @property
    def identity_number(self):
        return self.credit_code if self.applicant_kind == ApplicantKind.ORG else self.id_number


class ApplicationMaterial(models.Model):
    class State(models.TextChoices):
        RECEIVED = "received", _("Handed in")
        MISSING = "missing", _("Missing")
        PENDING = "pending", _("To follow (容缺)")
        COMMITTED = "committed", _("Replaced by commitment")
        DEFECTIVE = "defective", _("To be redone")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="materials")
    material = models.ForeignKey(Material, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("material"), max_length=160)
    required = models.BooleanField(_("required"), default=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.MISSING)
    file = models.FileField(upload_to="applications/%Y/%m/", blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    # Why a handed-in material must be redone (a floor plan without its areas): a correction.
    defect = models.CharField(_("what must be redone"), max_length=500, blank=True)

    class Meta:
        ordering = ["application", "id"]


class SpecialProcedure(models.Model):
    """特别程序: inspection, expert review, hearing or public notice; its time does not count."""

    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("On-site inspection")
        EXPERT_REVIEW = "expert_review", _("Expert review")
        HEARING = "hearing", _("Hearing")
        PUBLIC_NOTICE = "public_notice", _("Public notice")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="special_procedures")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    workdays = models.PositiveIntegerField(_("working days"), default=0)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["application", "started_at"]


class ApplicationEvent(CaseEvent):
    """The application's history."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")
    on_behalf = models.BooleanField(default=False)
