"""社会救助: the assistance data centre. Every department sends its spreadsheet (a `Source`); each row is
a `Record` in the department's own terms, normalised; records are joined to one `Person` (the ID
number, or the linkage model where it is missing or wrong, with a person deciding the unsure pairs)
and people to one `Household` (户号 and relation to the head). Rules over a household's facts raise
graded `Alert`s (预警), each a visit task for its street in the key-task loop, ending in an outcome:
help given, a `Referral` to another department, or not needed."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yiwang.orgs.models import Unit
from yiwang.privacy.fields import BlindIndexField, EncryptedCharField, MaskedCopyField
from yiwang.singleton import Singleton


class Help(models.TextChoices):
    """Kinds of help a department gives (what a record of a help-giving source means)."""
    DIBAO = "dibao", _("Minimum living allowance (低保)")
    TEKUN = "tekun", _("Extreme-poverty support (特困)")
    TEMPORARY = "temporary", _("Temporary assistance (临时救助)")
    MEDICAL_AID = "medical_aid", _("Medical assistance")
    EDUCATION_AID = "education_aid", _("Student aid")
    HOUSING_AID = "housing_aid", _("Housing assistance")
    DISABILITY_SUBSIDY = "disability_subsidy", _("Disability subsidies (两项补贴)")
    PUBLIC_JOB = "public_job", _("Public-welfare job")
    CARE = "care", _("Psychological care (心理关爱)")
    OTHER = "other", pgettext_lazy("kind of help", "Other help")


class Fact(models.TextChoices):
    """What a record of a source that gives no help states."""
    HOUSEHOLD = "household", _("Household registration")
    DISABILITY = "disability", _("Disability certificate")
    UNEMPLOYMENT = "unemployment", _("Unemployment registration")
    MEDICAL = "medical", _("Medical spending")
    SCHOOLING = "schooling", _("Enrolled student")
    DEATH = "death", _("Death registration")
    INCOME = "income", _("Income check")
    MONITORING = "monitoring", _("Monitored against relapse into poverty")


class Layer(models.TextChoices):
    """The six layers of the 2023 意见, most in need first."""
    DIBAO = "dibao", _("Minimum-allowance recipient")
    TEKUN = "tekun", _("Extreme-poverty recipient")
    MONITORED = "monitored", _("Monitored against relapse")
    EDGE = "edge", _("Near the allowance line")
    RIGID = "rigid", _("Hardship from rigid spending")
    OTHER = "other", _("Other people in hardship")
    NONE = "", _("Not in a layer")


class Source(models.Model):
    """A department's feed: its code (MZ-DB), the unit that sends it, what its records mean, and
    how its columns map onto ours (kept, so the next file maps by itself)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="assistance_sources",
                             verbose_name=_("department"))
    help = models.CharField(_("help its records give"), max_length=20, choices=Help.choices, blank=True)
    fact = models.CharField(_("what its records state"), max_length=20, choices=Fact.choices, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("assistance source")
        verbose_name_plural = _("assistance sources")

    def __str__(self):
        return f"{self.name}（{self.code}）"

    @property
    def meaning(self):
        return self.get_help_display() if self.help else self.get_fact_display()


class Household(models.Model):
    number = models.CharField(_("household number"), max_length=40, blank=True, db_index=True)
    street = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("street"))
    community = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("community"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    layer = models.CharField(_("layer"), max_length=12, choices=Layer.choices, blank=True, db_index=True)
    facts = models.JSONField(_("facts"), default=dict, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self):
        return self.number or f"H{self.pk}"


class Person(models.Model):
    """One person, joined from every department's records. `key` is stable across re-linking: a
    person keeps their key when their records are joined again."""

    key = models.CharField(_("person number"), max_length=20, unique=True)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    sex = models.CharField(_("sex"), max_length=1, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    id_number = EncryptedCharField(_("ID-card number"), max_length=18, blank=True)
    id_number_index = BlindIndexField(source="id_number", kind="id")
    id_number_masked = MaskedCopyField(source="id_number", kind="id")
    phone = EncryptedCharField(_("phone"), max_length=20, blank=True)
    phone_index = BlindIndexField(source="phone", kind="phone")
    phone_masked = MaskedCopyField(source="phone", kind="phone")
    address = models.CharField(_("address"), max_length=200, blank=True)
    street = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("street"))
    community = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("community"))
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="members", verbose_name=_("household"))
    relation = models.CharField(_("relation to the head"), max_length=20, blank=True)
    layer = models.CharField(_("layer"), max_length=12, choices=Layer.choices, blank=True, db_index=True)
    receives = models.JSONField(_("help received now"), default=list, blank=True)
    qualifies = models.JSONField(_("help qualified for"), default=list, blank=True)
    # What the person qualifies for and receives none of (应享未享), and whether there is any.
    missing = models.JSONField(_("qualified for, not received"), default=list, blank=True)
    unhelped = models.BooleanField(_("qualifies for help not received"), default=False, db_index=True)
    deceased_on = models.DateField(_("died on"), null=True, blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return f"{self.name}（{self.key}）"


class Record(models.Model):
    """One row of a department's file, normalised. A record is current while the department's
    latest file holds it; a later file without it ends it (`ended_on`), and it stays in the chain."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="records", verbose_name=_("source"))
    row = models.PositiveIntegerField(_("row"))
    # Who the row is about (its source and the person's details): a person's decision on a pair
    # holds for as long as the department sends the same person. `content` is the whole row's, so
    # a row that changed ends the old record and starts a new one (the history keeps both).
    fingerprint = models.CharField(max_length=40, db_index=True)
    content = models.CharField(max_length=40, db_index=True)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="records",
                               verbose_name=_("person"))
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50, blank=True)
    name_pinyin = models.CharField(max_length=120, blank=True)
    sex = models.CharField(_("sex"), max_length=1, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    id_number = EncryptedCharField(_("ID-card number"), max_length=18, blank=True)
    id_number_index = BlindIndexField(source="id_number", kind="id")
    id_number_masked = MaskedCopyField(source="id_number", kind="id")
    id_valid = models.BooleanField(_("valid ID number"), default=False)
    phone = EncryptedCharField(_("phone"), max_length=20, blank=True)
    phone_index = BlindIndexField(source="phone", kind="phone")
    phone_masked = MaskedCopyField(source="phone", kind="phone")
    address = models.CharField(_("address"), max_length=200, blank=True)
    street = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("street"))
    community = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("community"))
    household_number = models.CharField(_("household number"), max_length=40, blank=True)
    relation = models.CharField(_("relation to the head"), max_length=20, blank=True)
    help = models.CharField(_("help"), max_length=20, choices=Help.choices, blank=True)
    fact = models.CharField(_("fact"), max_length=20, choices=Fact.choices, blank=True)
    disability_grade = models.PositiveSmallIntegerField(_("disability grade"), null=True, blank=True)
    disability_kind = models.CharField(_("disability kind"), max_length=20, blank=True)
    monthly_income = models.DecimalField(_("monthly income"), max_digits=12, decimal_places=2, null=True, blank=True)
    household_size = models.PositiveSmallIntegerField(_("household size"), null=True, blank=True)
    medical_selfpay = models.DecimalField(_("medical self-pay"), max_digits=12, decimal_places=2, null=True,
                                          blank=True)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    other = models.JSONField(_("other columns"), default=dict, blank=True)
    imported_at = models.DateTimeField(_("imported at"))
    ended_on = models.DateField(_("no longer in the department's file since"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["source", "row"]
        verbose_name = _("assistance record")
        verbose_name_plural = _("assistance records")
        indexes = [models.Index(fields=["source", "ended_on"])]

    def __str__(self):
        return f"{self.source.code}#{self.row}"

    @property
    def current(self):
        return self.ended_on is None

    @property
    def meaning(self):
        return self.get_help_display() if self.help else self.get_fact_display()


class ImportRun(models.Model):
    """One file of a department: read and shown as a plan (what it adds, keeps and ends), then applied
    or discarded. The file is kept encrypted until then, and dropped once applied."""

    PLANNED, APPLIED, DISCARDED = "planned", "applied", "discarded"
    STATES = [(PLANNED, _("Waiting for confirmation")), (APPLIED, pgettext_lazy("import", "Applied")), (DISCARDED, _("Discarded"))]
    state = models.CharField(_("state"), max_length=10, choices=STATES, default=PLANNED)
    content = models.BinaryField(null=True, editable=False)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="runs", verbose_name=_("source"))
    file_name = models.CharField(_("file"), max_length=200)
    at = models.DateTimeField(_("imported at"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                           related_name="+", verbose_name=_("imported by"))
    rows = models.PositiveIntegerField(_("rows"), default=0)
    added = models.PositiveIntegerField(_("added"), default=0)
    kept = models.PositiveIntegerField(_("unchanged"), default=0)
    ended = models.PositiveIntegerField(_("ended"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")


class LinkDecision(models.Model):
    """A person's decision on a pair of records: the same person or not. Keyed by the records'
    fingerprints, so it holds when either department sends its file again."""

    first = models.CharField(max_length=40, db_index=True)
    second = models.CharField(max_length=40, db_index=True)
    same = models.BooleanField(_("same person"))
    reason = models.CharField(_("reason"), max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("decided at"))

    class Meta:
        ordering = ["-at"]
        constraints = [models.UniqueConstraint(fields=["first", "second"], name="assistance_one_decision_per_pair")]


class ReviewPair(models.Model):
    """A pair the model is unsure of, waiting for a person (or decided: `decision`)."""

    first = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField(_("match probability"))
    found_at = models.DateTimeField(_("found at"))
    decision = models.ForeignKey(LinkDecision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-probability", "pk"]
        constraints = [models.UniqueConstraint(fields=["first", "second"], name="assistance_one_review_per_pair")]


class PovertyLine(models.Model):
    """低保标准 of a year: a household member's monthly income below it qualifies for 低保; up to
    `edge_multiple` times it is 低保边缘."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    monthly = models.DecimalField(_("allowance line (yuan a month per person)"), max_digits=8, decimal_places=2)
    edge_multiple = models.DecimalField(_("edge multiple"), max_digits=4, decimal_places=2, default=1.5)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("allowance line")
        verbose_name_plural = _("allowance lines")


class Grade(models.TextChoices):
    RED = "red", _("Red")
    ORANGE = "orange", _("Orange")
    YELLOW = "yellow", _("Yellow")


class Rule(models.Model):
    """An eligibility rule (who qualifies for a kind of help) or a warning rule (a graded risk),
    written in the same condition language as the enterprise policies, one condition a line."""

    ELIGIBILITY, WARNING = "eligibility", "warning"
    KINDS = [(ELIGIBILITY, _("Eligibility")), (WARNING, _("Warning"))]
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=12, choices=KINDS)
    help = models.CharField(_("help it qualifies for"), max_length=20, choices=Help.choices, blank=True)
    grade = models.CharField(_("grade"), max_length=8, choices=Grade.choices, blank=True)
    conditions = models.TextField(_("conditions"))
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("assistance rule")
        verbose_name_plural = _("assistance rules")

    def __str__(self):
        return self.name


class Settings(Singleton):
    red_workdays = models.PositiveSmallIntegerField(_("red: visit within (working days)"), default=2)
    orange_workdays = models.PositiveSmallIntegerField(_("orange: visit within (working days)"), default=5)
    yellow_workdays = models.PositiveSmallIntegerField(_("yellow: visit within (working days)"), default=10)
    link_accept = models.FloatField(_("join without review above (probability)"), default=0.99)
    link_review = models.FloatField(_("review between this and the line above"), default=0.5)
    rigid_share = models.FloatField(_("rigid spending: medical self-pay share of yearly income"), default=0.3)

    class Meta:
        verbose_name = _("assistance settings")
        verbose_name_plural = _("assistance settings")

    def workdays(self, grade):
        return {Grade.RED: self.red_workdays, Grade.ORANGE: self.orange_workdays}.get(grade, self.yellow_workdays)


class Alert(models.Model):
    """预警: a rule met by a household, for its street to visit within the grade's time limit."""

    class State(models.TextChoices):
        OPEN = "open", _("To visit")
        REFERRED = "referred", _("Referred, awaiting the department")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        HELPED = "helped", _("Help given")
        REFERRED = "referred", _("Referred to another department")
        NOT_NEEDED = "not_needed", _("Not needed")

    number = models.CharField(_("warning number"), max_length=20, unique=True, null=True)
    rule = models.ForeignKey(Rule, on_delete=models.PROTECT, related_name="alerts", verbose_name=_("rule"))
    grade = models.CharField(_("grade"), max_length=8, choices=Grade.choices, db_index=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="alerts", verbose_name=_("person"))
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.PROTECT, related_name="alerts")
    street = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("street"))
    community = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("community"))
    reasons = models.JSONField(_("reasons"), default=list)
    records = models.JSONField(_("records behind it"), default=list)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN, db_index=True)
    raised_at = models.DateTimeField(_("raised at"), db_index=True)
    due_at = models.DateTimeField(_("visit due"))
    task = models.OneToOneField("tasks.Task", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="assistance_alert")
    visited_at = models.DateTimeField(_("visited at"), null=True, blank=True)
    visited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    found = models.TextField(_("what the visit found"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("outcome note"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    on_time = models.BooleanField(_("visited on time"), null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-pk"]
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")


class Referral(models.Model):
    """一门受理、协同办理: a visit hands the household to another department, which answers."""

    alert = models.ForeignKey(Alert, on_delete=models.PROTECT, related_name="referrals")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    to_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assistance_referrals",
                                verbose_name=_("referred to"))
    help = models.CharField(_("help asked"), max_length=20, choices=Help.choices)
    note = models.TextField(_("why"))
    at = models.DateTimeField(_("referred at"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    accepted = models.BooleanField(_("help given"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        ordering = ["-at"]


class Grant(models.Model):
    """Help given through the data centre (a visit or a referral's answer), beside the help the
    departments' own records show."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="grants")
    help = models.CharField(_("help"), max_length=20, choices=Help.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    given_on = models.DateField(_("given on"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("department"))
    alert = models.ForeignKey(Alert, null=True, blank=True, on_delete=models.PROTECT, related_name="grants")
    referral = models.ForeignKey(Referral, null=True, blank=True, on_delete=models.PROTECT, related_name="grants")
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["-given_on", "-pk"]
