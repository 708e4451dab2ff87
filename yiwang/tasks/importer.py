"""A leader's list of key tasks from Excel (or CSV): every row is checked first and the report
names each row's problems; the tasks are saved only when every row is right, all in one
transaction, so nothing is ever half-saved. A row with a lead unit and a deadline is assigned at
once.

A task already in the product is never made twice: the list's own number (编号) finds it, or,
without one, the same title, lead unit and deadline; the report says which task the row is, so
importing the same list again (a retry, a double click) changes nothing."""
import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from yiwang.documents.excel import Sheet
from yiwang.documents.tables import read_table
from yiwang.errors import ActionRefused
from yiwang.orgs.models import Unit

from . import services
from .models import Cadence, Source, Task

# (column heading, field, required)
COLUMNS = [("编号", "external_ref", False), ("来源", "source", True), ("标题", "title", True),
           ("工作要求", "requirement", True),
           ("牵头单位", "lead_unit", False), ("协办单位", "co_units", False), ("完成时限", "deadline", False),
           ("报送频次", "cadence", False), ("责任领导", "leader", False), ("节点", "milestones", False)]
MAX_ROWS = 2000
SPLIT = re.compile(r"[、,，;；\n]+")


@dataclass
class Row:
    line: int
    title: str = ""
    errors: list = field(default_factory=list)
    number: str = ""
    existing: str = ""  # the task this row already is


@dataclass
class Report:
    rows: list
    saved: list = field(default_factory=list)

    @property
    def errors(self):
        return [r for r in self.rows if r.errors]


def _choice(value, choices):
    value = str(value or "").strip()
    for code, label in choices:
        if value in (code, str(label)):
            return code
    return None


def _unit(name):
    name = str(name or "").strip()
    return Unit.objects.filter(Q(name=name) | Q(code=name), is_active=True).first() if name else None


def _date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip().replace("/", "-").replace(".", "-")
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(text) from None


def _milestones(value):
    out = []
    for part in SPLIT.split(str(value or "")):
        if not part.strip():
            continue
        name, _sep, day = part.replace("：", ":").rpartition(":")
        out.append((name.strip(), _date(day)))
    return out


def _parse(record, line):
    row, kwargs = Row(line=line, title=str(record.get("title") or "").strip()), {}
    source = _choice(record.get("source"), Source.choices)
    if source is None:
        row.errors.append(_("Unknown source “%(v)s”.") % {"v": record.get("source", "")})
    kwargs["source"] = source
    kwargs["title"], kwargs["requirement"] = row.title, str(record.get("requirement") or "").strip()
    kwargs["leader"] = str(record.get("leader") or "").strip()
    lead = str(record.get("lead_unit") or "").strip()
    kwargs["lead_unit"] = _unit(lead)
    if lead and kwargs["lead_unit"] is None:
        row.errors.append(_("Unknown unit “%(v)s”.") % {"v": lead})
    co = []
    for name in SPLIT.split(str(record.get("co_units") or "")):
        if name.strip():
            unit = _unit(name)
            if unit is None:
                row.errors.append(_("Unknown unit “%(v)s”.") % {"v": name.strip()})
            else:
                co.append(unit)
    kwargs["co_units"] = co
    try:
        kwargs["deadline"] = _date(record.get("deadline"))
    except ValueError as exc:
        row.errors.append(_("“%(v)s” is not a date (YYYY-MM-DD).") % {"v": exc})
        kwargs["deadline"] = None
    cadence = record.get("cadence")
    kwargs["cadence"] = _choice(cadence, Cadence.choices) if str(cadence or "").strip() else Cadence.MONTHLY
    if kwargs["cadence"] is None:
        row.errors.append(_("Unknown reporting cadence “%(v)s”.") % {"v": cadence})
    try:
        kwargs["milestones"] = _milestones(record.get("milestones"))
    except ValueError as exc:
        row.errors.append(_("“%(v)s” is not a date (YYYY-MM-DD).") % {"v": exc})
        kwargs["milestones"] = []
    kwargs["assign"] = kwargs["lead_unit"] is not None and kwargs["deadline"] is not None
    kwargs["external_ref"] = str(record.get("external_ref") or "").strip()[:60]
    return row, kwargs


def _same_task(kwargs):
    """The task this row already is: by the list's number, else by title, lead unit and deadline."""
    if kwargs["external_ref"]:
        return Task.objects.filter(external_ref=kwargs["external_ref"]).first()
    qs = Task.objects.filter(title=kwargs["title"], lead_unit=kwargs["lead_unit"])
    if kwargs["deadline"] is None:
        return qs.filter(deadline__isnull=True).first()
    return qs.filter(deadline=services.end_of_day(kwargs["deadline"])).first()


def _key(kwargs):
    return kwargs["external_ref"] or (kwargs["title"], getattr(kwargs["lead_unit"], "pk", None), kwargs["deadline"])


def import_tasks(*, actor, name, content):
    rows, _encoding = read_table(name or "", content)
    if not rows:
        raise ActionRefused("bad_file", _("The file is empty."))
    heading = {str(h).strip(): i for i, h in enumerate(rows[0])}
    missing = [h for h, _f, required in COLUMNS if required and h not in heading]
    if missing:
        raise ActionRefused("bad_file", _("The first row must name the columns; missing: %(cols)s.")
                            % {"cols": "、".join(missing)})
    body = [r for r in rows[1:] if any(str(v).strip() for v in r)]
    if len(body) > MAX_ROWS:
        raise ActionRefused("bad_file", _("At most %(n)d tasks are imported at once; split the file.")
                            % {"n": MAX_ROWS})
    parsed = []
    for line, values in enumerate(rows[1:], start=2):
        if not any(str(v).strip() for v in values):
            continue
        record = {f: values[heading[h]] if h in heading and heading[h] < len(values) else ""
                  for h, f, _r in COLUMNS}
        row, kwargs = _parse(record, line)
        parsed.append((row, kwargs))
    seen = {}
    for row, kwargs in parsed:
        if row.errors:
            continue
        found = _same_task(kwargs)
        if found is not None:
            row.existing = found.number
        elif _key(kwargs) in seen:
            row.errors.append(_("The same task as row %(n)d.") % {"n": seen[_key(kwargs)]})
        seen.setdefault(_key(kwargs), row.line)
    report = Report(rows=[r for r, _k in parsed])
    # First pass: every row checked by the service itself inside a transaction that is rolled back.
    with transaction.atomic():
        for row, kwargs in parsed:
            if row.errors or row.existing:
                continue
            try:
                with transaction.atomic():
                    services.create(actor=actor, event="import", **kwargs)
                    raise _DryRun
            except _DryRun:
                pass
            except ValidationError as exc:
                row.errors.extend(m for ms in exc.message_dict.values() for m in ms)
            except ActionRefused as exc:
                row.errors.append(exc.message)
    if report.errors:
        return report
    with transaction.atomic():
        for row, kwargs in parsed:
            if row.existing:
                continue
            task = services.create(actor=actor, event="import", **kwargs)
            row.number = task.number
            report.saved.append(task)
    return report


class _DryRun(Exception):
    pass


def template():
    sheet = Sheet(_("Key tasks"), [h for h, _f, _r in COLUMNS], widths=(10, 12, 30, 40, 18, 24, 12, 10, 10, 40))
    sheet.row(["2027-01", "领导批示", "老旧小区加装电梯试点", "年内完成 3 个小区加装电梯试点，形成可推广的办法。", "区住房和城乡建设局",
               "青山街道、白鹭街道", "2027-06-30", "每月", "刘书记", "方案制定:2027-01-29；完成招标:2027-03-31"])
    return sheet.content()
