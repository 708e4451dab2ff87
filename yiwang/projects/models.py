"""重大项目: major projects with their command posts (指挥部), milestones against plan, monthly
investment and physical progress, the problem list (in the key-task loop), joint acceptance
(联合验收) and 阳光发布 (opportunities published for investors, followed to signing)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yiwang.cases import Case
from yiwang.enterprises.models import Enterprise
from yiwang.orgs.models import Unit
from yiwang.privacy.fields import BlindIndexField, EncryptedCharField, MaskedCopyField
from yiwang.singleton import Singleton
from yiwang.tasks.models import Task
from yiwang.workorders.models import CaseEvent


class Kind(models.TextChoices):
    INDUSTRY = "industry", _("Industrial project")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure project")
    LIVELIHOOD = "livelihood", _("Livelihood project")


class Sector(models.TextChoices):
    """The OC4IDS projectSector codelist's sectors (published with each project)."""

    ECONOMY = "economy", _("Economy (industry, agriculture, science)")
    TRANSPORT = "transport", _("Transport")
    ENERGY = "energy", _("Energy")
    WATER = "waterAndWaste", _("Water and waste")
    COMMUNICATIONS = "communications", _("Communications")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    HOUSING = "socialHousing", _("Social housing")
    CULTURE = "cultureSportsAndRecreation", _("Culture, sports and recreation")
    GOVERNANCE = "governance", _("Governance (public buildings, safety)")
    NATURE = "naturalResources", _("Natural resources")


class Stage(models.IntegerChoices):
    """国办发〔2019〕11号's four approval stages (the 120-working-day cap covers 1 to 4)."""

    NONE = 0, _("not an approval stage")
    LAND_PLANNING = 1, _("Stage 1: project approval and land-use planning permission")
    WORKS_PLANNING = 2, _("Stage 2: works planning permission")
    CONSTRUCTION = 3, _("Stage 3: construction permit")
    ACCEPTANCE = 4, _("Stage 4: completion acceptance")


class Status(models.TextChoices):
    """Where a project stands, from its milestones (one rule: services.status_of)."""

    OPPORTUNITY = "opportunity", _("Opportunity (not signed)")
    SIGNED = "signed", _("Signed")
    APPROVING = "approving", _("Under approval")
    BUILDING = "building", _("Under construction")
    COMPLETED = "completed", _("Completed")
    OPERATING = "operating", _("In operation")
    DROPPED = "dropped", _("Dropped")


class Settings(Singleton):
    """The district's numbers for projects (one row, edited in the admin)."""

    yellow_workdays = models.PositiveSmallIntegerField(_("a milestone is yellow this many working days before"),
                                                       default=10)
    approval_cap_workdays = models.PositiveSmallIntegerField(_("approval cap (working days, stages 1–4)"),
                                                             default=120)
    report_day = models.PositiveSmallIntegerField(_("monthly report due by this day of the next month"), default=5)
    acceptance_limit_workdays = models.PositiveSmallIntegerField(
        _("joint acceptance: working days from application to opinion"), default=7)
    acceptance_units = models.ManyToManyField(Unit, blank=True, related_name="+",
                                              verbose_name=_("units that inspect at joint acceptance"))

    class Meta:
        verbose_name = verbose_name_plural = _("project settings")

    @classmethod
    def current(cls):
        """Saved at once: the inspecting units are a many-to-many, which an unsaved row cannot hold."""
        found = super().current()
        if found.pk is None:
            found.save()
        return found


class CommandPost(models.Model):
    """指挥部: a leader in charge, member units and streets stationed on site, its projects."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    leader = models.CharField(_("leader in charge"), max_length=50)
    units = models.ManyToManyField(Unit, blank=True, related_name="command_posts", verbose_name=_("member units"))
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        verbose_name = _("command post")
        verbose_name_plural = _("command posts")

    def __str__(self):
        return self.name


class Step(models.Model):
    """A milestone every project of a kind has (签约, 立项, 用地, ... 投产), in order; administrators
    edit the list per kind."""

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    seq = models.PositiveSmallIntegerField(_("order"))
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=50)
    stage = models.PositiveSmallIntegerField(_("approval stage"), choices=Stage.choices, default=Stage.NONE)
    oc4ids_type = models.CharField(_("OC4IDS milestone type"), max_length=30, default="approval")

    class Meta:
        ordering = ["kind", "seq"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="one_step_code_per_kind")]
        verbose_name = _("milestone step")
        verbose_name_plural = _("milestone steps")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.seq}. {self.name}"


class Project(models.Model):
    code = models.CharField(_("investment project code"), max_length=24, unique=True, null=True, blank=True,
                            help_text=_("投资项目统一代码 from the national online approval platform"))
    name = models.CharField(_("name"), max_length=200)
    owner = models.ForeignKey(Enterprise, null=True, blank=True, on_delete=models.PROTECT, related_name="projects",
                              verbose_name=_("owner enterprise"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices, default=Sector.ECONOMY)
    street = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="projects",
                               verbose_name=_("street"))
    address = models.CharField(_("location"), max_length=200, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    total_investment = models.DecimalField(_("total investment (10,000 yuan)"), max_digits=14, decimal_places=2)
    scope = models.TextField(_("scope and content"), blank=True)
    command_post = models.ForeignKey(CommandPost, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="projects", verbose_name=_("command post"))
    leader = models.CharField(_("responsible leader"), max_length=50, blank=True)
    butler = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="butlered_projects", verbose_name=_("project butler"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SIGNED,
                              db_index=True, editable=False)
    public = models.BooleanField(_("progress published (阳光发布)"), default=False)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        verbose_name = _("major project")
        verbose_name_plural = _("major projects")

    def __str__(self):
        return self.name

    @property
    def number(self):
        """The investment project code, or the product's own number before the project has one."""
        return self.code or f"XM{self.pk:06d}"


class YearPlan(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="year_plans")
    year = models.PositiveSmallIntegerField(_("year"))
    planned = models.DecimalField(_("planned investment (10,000 yuan)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="one_plan_a_year")]


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    step = models.ForeignKey(Step, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    seq = models.PositiveSmallIntegerField(_("order"))
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("milestone"), max_length=50)
    stage = models.PositiveSmallIntegerField(_("approval stage"), choices=Stage.choices, default=Stage.NONE)
    planned_on = models.DateField(_("planned date"), null=True, blank=True)
    actual_on = models.DateField(_("actual date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["project", "seq"]
        verbose_name = _("project milestone")
        verbose_name_plural = _("project milestones")

    def __str__(self):
        return self.name


class ProgressReport(models.Model):
    """One month's investment completed and physical progress (形象进度), with photos."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    month = models.DateField(_("month"))  # the first day of the month reported
    invested = models.DecimalField(_("investment completed this month (10,000 yuan)"), max_digits=14,
                                   decimal_places=2)
    progress = models.PositiveSmallIntegerField(_("physical progress (%)"))
    text = models.TextField(_("what was done"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField()

    class Meta:
        ordering = ["project", "-month"]
        constraints = [models.UniqueConstraint(fields=["project", "month"], name="one_report_a_month")]
        verbose_name = _("monthly progress report")
        verbose_name_plural = _("monthly progress reports")


def photo_path(instance, filename):
    return f"projects/{instance.report.project_id}/{filename}"


class Photo(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=photo_path)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField()


class Problem(models.Model):
    """An entry of the problem list (问题清单): followed as a key task of the owning unit."""

    class Category(models.TextChoices):
        LAND = "land", _("Land")
        PERMIT = "permit", _("Permits")
        UTILITIES = "utilities", _("Utilities (water, power, gas)")
        DEMOLITION = "demolition", _("Demolition and relocation")
        FINANCE = "finance", _("Finance")
        OTHER = "other", _("Other")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="problems")
    category = models.CharField(_("kind of problem"), max_length=12, choices=Category.choices)
    task = models.OneToOneField(Task, on_delete=models.PROTECT, related_name="project_problem")

    class Meta:
        ordering = ["-task__created_at"]


class ProjectEvent(CaseEvent):
    """The project's history: created, edited, milestones, reports, problems, publication."""

    case = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="events")


# ---------------------------------------------------------------- 联合验收

class Acceptance(Case):
    """One joint-acceptance application for a finished construction project."""

    NUMBER_PREFIX = "YS"
    NUMBER_DIGITS = 4

    class State(models.TextChoices):
        APPLIED = "applied", _("Applied")
        GUIDED = "guided", _("Guided before inspection")
        SCHEDULED = "scheduled", _("Inspection scheduled")
        FIXING = "fixing", _("Items to fix")
        PASSED = "passed", _("All passed")
        ISSUED = "issued", _("Joint opinion issued")

    number = models.CharField(_("number"), max_length=20, unique=True, blank=True)
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="acceptances")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.APPLIED)
    applicant = models.CharField(_("applicant"), max_length=100)
    contact_phone = EncryptedCharField(_("contact phone"), max_length=20, blank=True)
    contact_phone_index = BlindIndexField(source="contact_phone", kind="phone")
    contact_phone_masked = MaskedCopyField(source="contact_phone", kind="phone")
    applied_at = models.DateTimeField(_("applied at"))
    limit_workdays = models.PositiveSmallIntegerField(_("limit (working days)"))
    due_at = models.DateTimeField(_("opinion due"))
    guidance = models.TextField(_("guidance before inspection (验前指导)"), blank=True)
    inspection_on = models.DateField(_("inspection day"), null=True, blank=True)
    opinion = models.TextField(_("joint opinion"), blank=True)
    opinion_at = models.DateTimeField(_("opinion issued at"), null=True, blank=True)

    class Meta:
        ordering = ["-applied_at"]
        verbose_name = _("joint acceptance")
        verbose_name_plural = _("joint acceptances")

    def __str__(self):
        return self.number


class Inspection(models.Model):
    """One unit's result at one round of the joint inspection."""

    class Result(models.TextChoices):
        PENDING = "pending", _("Not yet inspected")
        PASS = "pass", _("Passed")
        FIX = "fix", _("Items to fix")

    acceptance = models.ForeignKey(Acceptance, on_delete=models.CASCADE, related_name="inspections")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    result = models.CharField(_("result"), max_length=8, choices=Result.choices, default=Result.PENDING)
    items = models.TextField(_("items to fix"), blank=True)
    inspected_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    inspected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["acceptance", "unit", "round"], name="one_result_a_round")]


class AcceptanceEvent(CaseEvent):
    case = models.ForeignKey(Acceptance, on_delete=models.PROTECT, related_name="events")


# ---------------------------------------------------------------- 阳光发布

class Opportunity(models.Model):
    """A project published for social capital to take part in."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="opportunity")
    summary = models.TextField(_("what it is"))
    terms = models.TextField(_("the terms"))
    how_to_join = models.TextField(_("how to take part"))
    contact = models.CharField(_("contact"), max_length=100)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed = models.BooleanField(_("closed"), default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("project opportunity")
        verbose_name_plural = _("project opportunities")


class Interest(Case):
    """An investor's registered interest, followed by staff to signing (or not)."""

    NUMBER_PREFIX = "TZ"
    NUMBER_DIGITS = 4

    class State(models.TextChoices):
        NEW = "new", _("New")
        CONTACTED = "contacted", _("Contacted")
        NEGOTIATING = "negotiating", _("Negotiating")
        SIGNED = "signed", _("Signed")
        DROPPED = "dropped", _("Not pursued")

    number = models.CharField(_("number"), max_length=20, unique=True, blank=True)
    opportunity = models.ForeignKey(Opportunity, on_delete=models.PROTECT, related_name="interests")
    investor = models.CharField(_("investor"), max_length=100)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    contact_name = models.CharField(_("contact"), max_length=50)
    phone = EncryptedCharField(_("phone"), max_length=20)
    phone_index = BlindIndexField(source="phone", kind="phone")
    phone_masked = MaskedCopyField(source="phone", kind="phone")
    message = models.TextField(_("message"), blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.NEW)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("investor interest")
        verbose_name_plural = _("investor interests")


class InterestEvent(CaseEvent):
    case = models.ForeignKey(Interest, on_delete=models.PROTECT, related_name="events")
