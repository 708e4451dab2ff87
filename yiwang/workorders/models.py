from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Right
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yiwang.cases import Case
from yiwang.orgs.models import Unit
from yiwang.privacy.fields import BlindIndexField, EncryptedCharField, MaskedCopyField


class OrderType(models.TextChoices):
    CONSULT = "consult", _("Consultation")
    HELP = "help", _("Request for help")
    COMPLAINT = "complaint", _("Complaint")
    REPORT = "report", _("Report of wrongdoing")
    SUGGESTION = "suggestion", _("Suggestion")
    PRAISE = "praise", _("Praise")


class Channel(models.TextChoices):
    PHONE = "phone", _("Hotline call")
    WEB = "web", _("Web form")
    APP = "app", _("Mobile app")
    WECHAT = "wechat", _("WeChat")
    MINIPROGRAM = "miniprogram", _("Mini-program")
    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message")
    LETTER = "letter", _("Letters and visits")
    MEDIA = "media", _("Media")
    GRID = "grid", _("Grid inspection")
    API = "api", _("Other platform (API)")
    OPEN311 = "open311", _("Open311 client")
    ENTERPRISE = "enterprise", _("Enterprise visit")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    CRITICAL = "critical", _("Emergency")


class Status(models.TextChoices):
    PENDING_DISPATCH = "pending_dispatch", _("Awaiting dispatch")
    PENDING_SIGN = "pending_sign", _("Awaiting sign-for")
    HANDLING = "handling", _("Being handled")
    SUSPENDED = "suspended", _("Suspended")
    RETURNED = "returned", _("Returned, awaiting re-dispatch")
    PENDING_CALLBACK = "pending_callback", _("Awaiting callback")
    CLOSED = "closed", _("Closed")
    MERGED = "merged", _("Merged into another order")


OPEN_STATUSES = [s for s in Status.values if s not in (Status.CLOSED, Status.MERGED)]


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASIC = "basic", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class Category(models.Model):
    """The three-level category tree (一级/二级/三级分类)."""

    name = models.CharField(_("name"), max_length=50)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name=_("parent category"))
    level = models.PositiveSmallIntegerField(_("level"), editable=False, default=1)
    is_active = models.BooleanField(_("active"), default=True)
    public = models.BooleanField(
        _("open to the public"), default=False,
        help_text=_("Offered as a service to other systems' citizens (Open311 GeoReport v2)."))
    description = models.TextField(_("description for the public"), blank=True)
    form_fields = models.JSONField(
        _("form fields"), default=list, blank=True,
        help_text=_('What a request of this kind asks: a list like [{"key": "pole_number", "label": "灯杆编号", '
                    '"required": true, "datatype": "string"}]. Datatypes: string, number, datetime, text, '
                    'singlevaluelist, multivaluelist (with "values": [{"key": "1", "name": "…"}]).'))
    updated_at = models.DateTimeField(auto_now=True, null=True, editable=False)

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="category_unique_name_per_parent"),
            # NULL parents never collide above, so first-level names need their own constraint.
            models.UniqueConstraint(fields=["name"], condition=models.Q(parent__isnull=True),
                                    name="category_unique_root_name"),
        ]

    def clean(self):
        problem = attribute_fields_problem(self.form_fields)
        if problem:
            raise ValidationError({"form_fields": problem})

    def save(self, *args, **kwargs):
        self.level = self.parent.level + 1 if self.parent_id else 1
        if self.level > 3:
            raise ValueError("categories have three levels at most")
        super().save(*args, **kwargs)

    @property
    def path(self):
        parts, node = [], self
        while node is not None:
            parts.append(node.name)
            node = node.parent
        return " / ".join(reversed(parts))

    def __str__(self):
        return self.path


ATTRIBUTE_TYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")


def form_fields_problem(fields):
    """What is wrong with a form's fields (a service item's or a category's), or None: a list of
    fields, each with a key and a label, no key twice."""
    if not isinstance(fields, list):
        return _("The form fields must be a list.")
    seen = set()
    for f in fields:
        if not isinstance(f, dict) or not str(f.get("key", "")).strip() or not str(f.get("label", "")).strip():
            return _("Every form field needs a key and a label.")
        if f["key"] in seen:
            return _("The form field key “%(key)s” appears twice.") % {"key": f["key"]}
        seen.add(f["key"])
    return None


def attribute_fields_problem(fields):
    """What is wrong with a category's form fields (Open311 attributes), or None."""
    problem = form_fields_problem(fields)
    if problem:
        return problem
    for f in fields:
        kind = f.get("datatype", "string")
        if kind not in ATTRIBUTE_TYPES:
            return _("Unknown datatype “%(type)s” for “%(key)s”.") % {"type": kind, "key": f["key"]}
        values = f.get("values", [])
        if kind.endswith("valuelist") and (not isinstance(values, list) or not values or not all(
                isinstance(v, dict) and str(v.get("key", "")).strip() and str(v.get("name", "")).strip()
                for v in values)):
            return _("The list “%(key)s” needs values, each with a key and a name.") % {"key": f["key"]}
    return None


class RoutingRule(models.Model):
    """Which unit handles a category (at a street, or anywhere): the routing rules.

    The most specific rule wins: a rule for the order's own category beats one for its parent,
    and a rule for the order's street beats one without a street; `priority` breaks ties."""

    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.CASCADE,
                                 related_name="routing_rules")
    street = models.ForeignKey(Unit, verbose_name=_("street"), null=True, blank=True, on_delete=models.CASCADE,
                               related_name="+", limit_choices_to={"kind": "street"})
    unit = models.ForeignKey(Unit, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="+")
    priority = models.PositiveSmallIntegerField(_("priority"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["category__name", "street__name", "-priority"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self):
        return f"{self.category} @ {self.street or '*'} → {self.unit}"


class TimeLimitPolicy(models.Model):
    """Time limits by order type and urgency. A blank type or urgency matches any; the most
    specific active policy wins. Hours are natural hours; working days follow the calendar."""

    name = models.CharField(_("name"), max_length=60)
    order_type = models.CharField(_("order type"), max_length=16, choices=OrderType.choices, blank=True)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, blank=True)
    dispatch_hours = models.PositiveIntegerField(_("dispatch within (hours)"), default=2)
    sign_for_hours = models.PositiveIntegerField(_("sign for within (hours)"), default=4)
    handle_workdays = models.PositiveIntegerField(_("reply within (working days)"), default=5)
    rework_workdays = models.PositiveIntegerField(_("rework within (working days)"), default=5)
    send_back_workdays = models.PositiveIntegerField(_("return allowed within (working days)"), default=2)
    max_extension_workdays = models.PositiveIntegerField(_("extension at most (working days)"), default=10)
    callback_workdays = models.PositiveIntegerField(_("callback within (working days)"), default=2)
    warn_yellow_workdays = models.PositiveIntegerField(_("yellow warning at (working days left)"), default=2)
    warn_red_workdays = models.PositiveIntegerField(_("red warning at (working days left)"), default=1)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("time-limit policy")
        verbose_name_plural = _("time-limit policies")
        constraints = [models.UniqueConstraint(fields=["order_type", "urgency"], name="policy_unique_scope")]

    def __str__(self):
        return self.name

    def specificity(self, order_type, urgency):
        """-1 when the policy does not apply; otherwise how many of its fields match exactly."""
        if self.order_type and self.order_type != order_type:
            return -1
        if self.urgency and self.urgency != urgency:
            return -1
        return bool(self.order_type) + bool(self.urgency)


class ImportBatch(models.Model):
    """One upload of legacy orders: who brought which file in, how far it got, the report of every
    row, and whether it was undone. The file itself is kept only until it has been read."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Import done")
        FAILED = "failed", _("Failed")
        UNDONE = "undone", _("Undone")

    source_system = models.CharField(_("source system"), max_length=40)
    file_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    content = models.BinaryField(null=True, editable=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(_("rows"), default=0)
    processed = models.PositiveIntegerField(_("rows read"), default=0)
    created = models.PositiveIntegerField(_("imported"), default=0)
    skipped = models.PositiveIntegerField(_("already there"), default=0)
    errors = models.PositiveIntegerField(_("with errors"), default=0)
    report = models.JSONField(_("report"), default=list, blank=True)
    failure = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"))
    finished_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self):
        return f"{self.file_name} ({self.uploaded_at:%Y-%m-%d %H:%M})"


class ExportJob(models.Model):
    """An export too large for a request: built in the background into a file only its owner may
    download, with its progress on a page of its own."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", pgettext_lazy("export state", "Exporting")
        DONE = "done", pgettext_lazy("export state", "Ready")
        FAILED = "failed", _("Failed")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    query = models.JSONField(_("filters"), default=dict)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(upload_to="exports/", blank=True)
    failure = models.TextField(blank=True)
    created_at = models.DateTimeField(_("requested at"))
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class WorkOrder(Case):
    NUMBER_PREFIX = ""
    NUMBER_DIGITS = 7

    number = models.CharField(_("order number"), max_length=20, unique=True, null=True, editable=False)
    order_type = models.CharField(_("type"), max_length=16, choices=OrderType.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    confidential = models.BooleanField(_("confidential (caller identity hidden from units)"), default=False)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(pgettext_lazy("request", "content"))
    category = models.ForeignKey(Category, verbose_name=_("category"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="orders")

    caller_name = models.CharField(_("caller name"), max_length=50, blank=True)
    caller_phone = EncryptedCharField(_("caller phone"), max_length=20, blank=True)
    caller_phone_index = BlindIndexField(source="caller_phone", kind="phone")
    caller_phone_masked = MaskedCopyField(source="caller_phone", kind="phone")
    caller_id_number = EncryptedCharField(_("caller ID-card number"), max_length=18, blank=True)
    caller_id_number_index = BlindIndexField(source="caller_id_number", kind="id")

    street = models.ForeignKey(Unit, verbose_name=_("street"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    community = models.ForeignKey(Unit, verbose_name=_("community"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    grid = models.ForeignKey(Unit, verbose_name=_("grid"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING_DISPATCH,
                              db_index=True)
    status_changed_at = models.DateTimeField(_("status changed at"))
    lead_unit = models.ForeignKey(Unit, verbose_name=_("lead unit"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="lead_orders")
    merged_into = models.ForeignKey("self", verbose_name=_("merged into"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="duplicates")

    # The clock. `deadline` is the current stage's limit, derived by deadlines.refresh().
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True, db_index=True)
    deadline_in_workdays = models.BooleanField(default=False)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    handle_started_at = models.DateTimeField(null=True, blank=True)
    handle_workdays = models.PositiveIntegerField(default=0)
    handle_deadline = models.DateTimeField(_("handling deadline"), null=True, blank=True)
    extension_workdays = models.PositiveIntegerField(_("extension granted (working days)"), default=0)
    suspended_at = models.DateTimeField(null=True, blank=True)

    answer = models.TextField(_("reply to the caller"), blank=True)
    satisfaction = models.CharField(_("satisfaction"), max_length=12, choices=Satisfaction.choices, blank=True)
    rework_count = models.PositiveIntegerField(_("rework count"), default=0)
    return_count = models.PositiveIntegerField(_("return count"), default=0)
    # The facts the three rates count (supervision.rates), each dated by when it happened and
    # judged against the limit that applied then: the latest sign-for, reply and callback.
    signed_at = models.DateTimeField(_("signed for at"), null=True, blank=True, db_index=True)
    responded_on_time = models.BooleanField(_("signed for in time"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True, db_index=True)
    replied_on_time = models.BooleanField(_("replied in time"), null=True, blank=True)
    called_back_at = models.DateTimeField(_("called back at"), null=True, blank=True, db_index=True)
    solved = models.BooleanField(_("solved (as the caller says)"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("taken by"))
    created_at = models.DateTimeField(_("received at"), db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic lock: every change increments it; a form posted against an older value is refused.

    # Legacy imports: re-importing the same row finds the order instead of duplicating it.
    source_system = models.CharField(_("source system"), max_length=40, blank=True)
    source_ref = models.CharField(_("source reference"), max_length=60, blank=True)
    import_batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="orders", verbose_name=_("import batch"))
    attributes = models.JSONField(_("answers to the category's form"), default=dict, blank=True)
    media_url = models.URLField(_("photo link sent with the request"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        permissions = [("reveal_personal_data", _("See full ID-card and phone numbers (audited)"))]
        constraints = [
            models.UniqueConstraint(fields=["source_system", "source_ref"], condition=~models.Q(source_ref=""),
                                    name="workorder_unique_source_ref"),
        ]
        indexes = [
            # A queue's count and its overdue part read from the index alone (status or a unit's
            # status, then the limit), however many closed orders the table holds.
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["lead_unit", "status", "deadline"], name="workorder_unit_status_deadline"),
            # The command centre's open work by place: small even when the table holds years.
            models.Index(fields=["street", "grid", "deadline"], condition=models.Q(status__in=OPEN_STATUSES),
                         name="workorder_open_by_street"),
            # The open urgent orders, newest first: the urgent orders ever filed are 2% of the table.
            models.Index(fields=["-created_at"], condition=models.Q(urgency__in=["urgent", "critical"],
                                                                    status__in=OPEN_STATUSES),
                         name="workorder_urgent_open"),
            # The list's 尾号 filter: the last four digits of the masked number.
            models.Index(Right("caller_phone_masked", 4), "created_at", name="workorder_phone_tail"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    def answers(self):
        """The answers to the category's form as (label, shown value) rows, in the form's order;
        choices by their names. An answer whose field was later removed keeps its key as label."""
        given = self.attributes or {}
        fields = {f["key"]: f for f in (self.category.form_fields if self.category_id else [])}
        rows = []
        for key in [k for k in fields if k in given] + [k for k in given if k not in fields]:
            field, value = fields.get(key, {"label": key}), given[key]
            names = {str(v["key"]): v["name"] for v in field.get("values", [])}
            shown = (names.get(str(v), str(v)) for v in (value if isinstance(value, list) else [value]))
            rows.append((field["label"], "、".join(shown)))
        return rows


class Assignment(models.Model):
    """One unit's part in an order. Rows are kept when an order is returned and re-dispatched,
    so the order remembers every unit it passed through."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead unit")
        CO = "co", _("Co-handling unit")

    class State(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("assignment state", "Active")
        RETURNED = "returned", _("Returned")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        DONE = "done", _("Replied")

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=4, choices=Role.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACTIVE)
    dispatched_at = models.DateTimeField(_("dispatched at"))
    dispatched_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("signed for at"), null=True, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    # The response rate's fact, per dispatch: this unit signed for within the sign-for limit. A
    # unit that returned the order without signing (or signed late) did not respond in time.
    responded_on_time = models.BooleanField(_("signed for in time"), null=True, blank=True)
    sign_by = models.DateTimeField(_("sign for by"), null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("return reason or opinion"), blank=True)

    class Meta:
        ordering = ["dispatched_at", "id"]
        # Today's dispatches for the live part of the rates (the rollups hold the days before).
        indexes = [models.Index(fields=["unit", "state"]), models.Index(fields=["dispatched_at"],
                                                                         name="assignment_dispatched_at")]

    @staticmethod
    def awaiting_response(now):
        """Dispatches still inside their sign-for limit and not signed: not yet a response or a
        failure, so the response rate counts them neither way."""
        return models.Q(signed_at__isnull=True, state="active", sign_by__gte=now)


class ExtensionRequest(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="extension_requests")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    workdays = models.PositiveIntegerField(_("working days"))
    reason = models.TextField(_("reason"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)


class SuspensionRequest(models.Model):
    """A lead unit's request to stop the clock (挂起申请) while the order waits for something
    outside it (a court ruling, a season, the caller abroad); the centre approves or refuses."""

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="suspension_requests")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)


class NoticeSerial(models.Model):
    """The year's last number of urge (催办) and supervision (督办) notices, work orders' and key
    tasks' alike: the 督查室 numbers its notices in one series a year per kind."""

    kind = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="one_notice_series_a_year")]

    @classmethod
    def take(cls, kind, year):
        """The next number of the series (inside the caller's transaction)."""
        serial, _made = cls.objects.select_for_update().get_or_create(kind=kind, year=year)
        serial.last += 1
        serial.save(update_fields=["last"])
        return serial.last


class NumberedNotice(models.Model):
    """What a numbered notice shares, a work order's or a key task's: its kind, its number in the
    year's series, to whom, what, by when it is answered, and the answer."""

    class Kind(models.TextChoices):
        URGE = "urge", _("Urge notice")
        SUPERVISE = "supervise", _("Supervision notice")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    serial = models.PositiveIntegerField(_("number"), null=True, blank=True)
    text = models.TextField(_("text"))
    issued_at = models.DateTimeField()
    answer_due = models.DateTimeField(_("answer by"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def reference(self):
        """督办〔2026〕12号, 督催〔2026〕7号."""
        if not self.serial:
            return ""
        word = settings.NOTICE_NUMBER_PREFIX + ("办" if self.kind == self.Kind.SUPERVISE else "催")
        return f"{word}〔{self.year}〕{self.serial}号"

    def number_it(self, now):
        from django.utils import timezone

        self.year = timezone.localtime(now).year
        self.serial = NoticeSerial.take(self.kind, self.year)


class Notice(NumberedNotice):
    """An urge (催办) or supervision (督办) notice to a unit, which the unit answers."""

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="notices")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="notices", verbose_name=_("unit"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["issued_at"]


class Callback(models.Model):
    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="callbacks")
    satisfaction = models.CharField(_("satisfaction"), max_length=12, choices=Satisfaction.choices)
    solved = models.BooleanField(_("solved (as the caller says)"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    rework = models.BooleanField(_("sent back for rework"), default=False)
    unit = models.ForeignKey(Unit, null=True, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at"]


def attachment_path(instance, filename):
    return f"orders/{instance.order_id}/{filename}"


class Attachment(models.Model):
    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField()


class AppendOnlyError(Exception):
    pass


class CaseEvent(models.Model):
    """One row of a case's history (an order's timeline, an application's history): who did
    what, when, from which state to which; never changed or deleted (the database refuses too)."""

    action = models.CharField(_("action"), max_length=24)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    actor_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("the history is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("the history is append-only")


class OrderEvent(CaseEvent):
    """The order's timeline."""

    order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="events")
