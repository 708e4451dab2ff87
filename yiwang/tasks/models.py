"""督查督办: the district's own key tasks (督办事项), followed to their closure (销号) on evidence;
the meetings whose decision items become tasks; the benchmarking visits whose lessons become an
action list with measured targets; the hot issues made key tasks (每月一题)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yiwang.cases import Case
from yiwang.orgs.models import Unit
from yiwang.singleton import Singleton
from yiwang.workorders.models import CaseEvent, NumberedNotice


class Source(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned from above")            # 上级交办
    INSTRUCTION = "instruction", _("Leader's instruction")     # 领导批示
    MEETING = "meeting", _("Meeting decision")                 # 会议议定事项
    KEY_WORK = "key_work", _("Key work of the year")           # 重点工作
    MONTHLY_TOPIC = "monthly_topic", _("Monthly topic (hot issue)")  # 每月一题
    BENCHMARKING = "benchmarking", _("Benchmarking lesson")    # 对标学习
    PROJECT = "project", _("Major project's problem")          # 重大项目问题
    ENTERPRISE = "enterprise", _("Enterprise's problem")       # 企业问题
    DEPUTY = "deputy", _("Deputy's suggestion")                # 人大建议
    CPPCC = "cppcc", _("CPPCC proposal")                       # 政协提案
    SUGGESTION = "suggestion", _("Adopted suggestion")         # 采纳的建议
    ASSISTANCE = "assistance", _("Assistance warning visit")    # 社会救助预警核查


class Cadence(models.TextChoices):
    NONE = "none", _("When asked")
    WEEKLY = "weekly", _("Weekly")
    FORTNIGHTLY = "fortnightly", _("Fortnightly")
    MONTHLY = "monthly", _("Monthly")


class State(models.TextChoices):
    PENDING = "pending", _("To be assigned")                   # 待交办
    HANDLING = "handling", _("Being handled")                  # 办理中
    CLOSURE_REQUESTED = "closure_requested", _("Closure requested")  # 申请销号
    CLOSED = "closed", _("Closed off")                         # 已销号


OPEN_STATES = (State.PENDING, State.HANDLING, State.CLOSURE_REQUESTED)


class Light(models.TextChoices):
    GREEN = "green", _("On track")
    YELLOW = "yellow", _("At risk")
    RED = "red", _("Overdue")
    UNASSIGNED = "unassigned", _("Not assigned yet")  # nobody works on it: never "on track"
    CLOSED = "closed", _("Closed off")


class Settings(Singleton):
    """The supervisors' settings (one row)."""

    yellow_workdays = models.PositiveSmallIntegerField(
        _("yellow within (working days)"), default=3,
        help_text=_("A task or milestone this close to its date shows yellow."))
    report_grace_days = models.PositiveSmallIntegerField(
        _("report grace (days)"), default=2,
        help_text=_("A progress report this many days late makes the task yellow and is reminded."))
    notice_answer_workdays = models.PositiveSmallIntegerField(
        _("supervision notice answered within (working days)"), default=3)
    closure_min_chars = models.PositiveSmallIntegerField(
        _("closure evidence without a file: at least (characters)"), default=20,
        help_text=_("A closure asked on words alone says this much of what was done; a file of evidence may replace "
                    "them."))

    circular_issuer = models.CharField(
        _("issuer of the supervision circular"), max_length=60, blank=True,
        help_text=_("The office named on the circular, such as 云溪区人民政府督查室 (default: the district's name "
                    "and 督查室)."))

    class Meta:
        verbose_name = _("key-task settings")
        verbose_name_plural = _("key-task settings")


class Circular(models.Model):
    """督查通报 as issued: its number in the year's series (2026年第3期), the filters it was made
    from, who issued it and when, and the PDF exactly as issued (a later change of the tasks does not
    change what was circulated)."""

    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("issue"))
    title = models.CharField(_("title"), max_length=60, blank=True)
    query = models.CharField(_("filters"), max_length=500, blank=True)
    issuer = models.CharField(_("issuer"), max_length=60)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("issued at"))
    pdf = models.BinaryField(editable=False)

    class Meta:
        ordering = ["-year", "-serial"]
        constraints = [models.UniqueConstraint(fields=["year", "serial"], name="one_circular_issue_a_year")]
        verbose_name = _("supervision circular")
        verbose_name_plural = _("supervision circulars")

    @property
    def reference(self):
        return _("Issue %(serial)s of %(year)s") % {"year": self.year, "serial": self.serial}


class Meeting(models.Model):
    """A command post's weekly meeting (指挥部例会), a leadership meeting or a special meeting,
    whose decision items (议定事项) each become a key task."""

    class Kind(models.TextChoices):
        COMMAND_POST = "command_post", _("Command-post meeting")
        LEADERSHIP = "leadership", _("Leadership meeting")
        SPECIAL = "special", _("Special meeting")

    number = models.CharField(_("meeting number"), max_length=20, unique=True, null=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    command_post = models.CharField(_("command post"), max_length=100, blank=True)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    chair = models.CharField(_("chair"), max_length=50)
    attendees = models.TextField(_("attendees"), blank=True)
    minutes = models.TextField(_("meeting minutes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}"


class StudyVisit(models.Model):
    """对标学习: a visit to an advanced region, its lessons, and the action list (its tasks)."""

    number = models.CharField(_("visit number"), max_length=20, unique=True, null=True, editable=False)
    theme = models.CharField(_("theme"), max_length=200)
    destination = models.CharField(_("where"), max_length=100)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    participants = models.TextField(_("who went"), blank=True)
    lessons = models.TextField(_("lessons"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("benchmarking visit")
        verbose_name_plural = _("benchmarking visits")

    def __str__(self):
        return f"{self.destination} · {self.theme}"


class TrackedIssue(models.Model):
    """A hot issue as it stood when a leader made it a key task: its description, place and the
    orders it held, so that new orders of the same issue can be counted week by week."""

    description = models.CharField(_("description"), max_length=200)
    place = models.CharField(_("place"), max_length=100, blank=True)
    order_numbers = models.JSONField(_("orders"), default=list)
    since = models.DateTimeField(_("tracked since"))

    class Meta:
        verbose_name = _("tracked hot issue")
        verbose_name_plural = _("tracked hot issues")

    def __str__(self):
        return self.description


class Task(Case):
    NUMBER_PREFIX = "DB"
    NUMBER_DIGITS = 6

    number = models.CharField(_("task number"), max_length=20, unique=True, null=True, editable=False)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    title = models.CharField(_("title"), max_length=200)
    requirement = models.TextField(_("requirement"))
    lead_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="lead_tasks",
                                  verbose_name=_("lead unit"))
    co_units = models.ManyToManyField(Unit, blank=True, related_name="co_tasks", verbose_name=_("co-units"))
    leader = models.CharField(_("responsible leader"), max_length=50, blank=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True, db_index=True)
    cadence = models.CharField(_("reporting"), max_length=12, choices=Cadence.choices, default=Cadence.MONTHLY)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PENDING, db_index=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), db_index=True)
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    next_report_due = models.DateField(_("next report due"), null=True, blank=True, db_index=True)
    last_report_at = models.DateTimeField(_("last report"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    extension_to = models.DateField(_("extension asked until"), null=True, blank=True)
    extension_reason = models.TextField(_("extension reason"), blank=True)
    closure_note = models.TextField(_("closure evidence"), blank=True)
    closure_requested_at = models.DateTimeField(_("closure requested at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, db_index=True)
    closed_on_time = models.BooleanField(_("closed on time"), null=True, blank=True)

    # Where it came from.
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks",
                                verbose_name=_("meeting"))
    study_visit = models.ForeignKey(StudyVisit, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="actions", verbose_name=_("benchmarking visit"))
    tracked_issue = models.OneToOneField(TrackedIssue, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="task", verbose_name=_("hot issue"))
    # A measurable target (benchmarking actions): one of the product's own indicators.
    indicator = models.CharField(_("indicator"), max_length=40, blank=True)
    indicator_params = models.JSONField(_("indicator parameters"), default=dict, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2, null=True, blank=True)
    target_value = models.DecimalField(_("target"), max_digits=12, decimal_places=2, null=True, blank=True)
    # The number the task has in the list it was imported from (a leader's 督办台账): importing the
    # list again finds it there instead of making it twice.
    external_ref = models.CharField(_("number in the imported list"), max_length=60, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("key task")
        verbose_name_plural = _("key tasks")

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def is_open(self):
        return self.state in OPEN_STATES


class MeetingItem(models.Model):
    """A decision item (议定事项) of a meeting: who does what by when, and the task it became."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    seq = models.PositiveSmallIntegerField(_("no."))
    text = models.TextField(_("what was decided"))
    lead_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("lead unit"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    task = models.OneToOneField(Task, null=True, blank=True, on_delete=models.PROTECT, related_name="meeting_item")

    class Meta:
        ordering = ["meeting", "seq"]
        verbose_name = _("decision item")
        verbose_name_plural = _("decision items")


class Milestone(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title


class ProgressReport(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("reported at"))
    text = models.TextField(_("progress"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")


def task_file_path(instance, filename):
    return f"tasks/{instance.task_id}/{filename}"


class TaskFile(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", _("Progress report")
        EVIDENCE = "evidence", _("Closure evidence")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    report = models.ForeignKey(ProgressReport, null=True, blank=True, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=task_file_path)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()


class TaskNotice(NumberedNotice):
    """An urge (催办) or a supervision notice (督办单, with its answer date) to the lead unit."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="notices")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["issued_at", "id"]


class TaskEvent(CaseEvent):
    """The task's history."""

    case = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="events")
