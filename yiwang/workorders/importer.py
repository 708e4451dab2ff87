"""Bulk import of legacy orders from Excel or CSV, history included.

A legacy file brings each order with where it had got to: its status, lead unit, reply,
callback and closure. Closed orders come in closed (out of today's queues and overdue counts),
open ones open, each with its earlier steps in the timeline, marked as imported. Every value is
checked before anything is written; each row stands alone (a bad row is reported, the others
are kept, nothing is half-written); a row imported before (same source reference) is skipped;
a whole batch can be undone. CSV comes in UTF-8, GBK/GB18030 (Excel's "CSV" on Chinese
Windows) or UTF-16 (Excel's "Unicode text"), found out from the file itself.
"""
import datetime as dt
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang.audit.services import record
from yiwang.documents.tables import read_table
from yiwang.errors import ActionRefused
from yiwang.middleware_local import current_request
from yiwang.orgs.models import Unit
from yiwang.privacy import crypto
from yiwang.privacy.masking import clean_id_number, clean_phone
from yiwang.purge import purging

from . import deadlines, services
from .models import (
    Assignment, Category, Channel, ImportBatch, OrderEvent, OrderType, Satisfaction, Status, Urgency, WorkOrder,
)

# Header → field. Chinese headers (what legacy systems export) and the field names both work.
HEADERS = {
    "外部编号": "source_ref", "原工单编号": "source_ref", "受理时间": "received_at", "类型": "order_type",
    "诉求类型": "order_type", "渠道": "channel", "来源渠道": "channel", "紧急程度": "urgency", "标题": "title",
    "内容": "body", "诉求内容": "body", "来电人": "caller_name", "姓名": "caller_name", "电话": "caller_phone",
    "联系电话": "caller_phone", "身份证号": "caller_id_number", "分类": "category", "街道": "street",
    "社区": "community", "地址": "address", "保密": "confidential",
    # Where the order had got to in the old system.
    "状态": "status", "工单状态": "status", "主办单位": "lead_unit", "承办单位": "lead_unit",
    "派单时间": "dispatched_at", "签收时间": "signed_at", "答复内容": "answer", "办理结果": "answer",
    "答复时间": "replied_at", "回访时间": "called_back_at", "满意度": "satisfaction", "是否解决": "solved",
    "办结时间": "closed_at",
}
FIELDS = set(HEADERS.values())
REQUIRED = {"source_ref", "title", "body", "order_type"}
# What each column is called in a message: the first Chinese header naming it.
COLUMN = {}
for _header, _field in HEADERS.items():
    COLUMN.setdefault(_field, _header)
# The longest value each column takes (the database's own limits, and the content's setting).
LIMITS = {"source_ref": 60, "title": 200, "caller_name": 50, "caller_phone": 20, "caller_id_number": 18,
          "address": 200}
# The statuses a legacy order may come in with.
IMPORTABLE = [Status.PENDING_DISPATCH, Status.PENDING_SIGN, Status.HANDLING, Status.PENDING_CALLBACK, Status.CLOSED]
YES = {"是", "1", "true", "True", "yes", "Y", "y", "已解决", "解决"}
NO = {"否", "0", "false", "False", "no", "N", "n", "未解决", "没有解决"}


@dataclass
class RowResult:
    row: int
    outcome: str  # created / skipped / error
    message: str
    number: str = ""
    ref: str = ""


# ---------------------------------------------------------------- reading the file

def columns_of(header):
    columns = [HEADERS.get(str(h).strip(), str(h).strip()) for h in header]
    missing = REQUIRED - set(columns)
    if missing:
        raise ActionRefused("bad_file", _("The first row must name the columns; missing: %(cols)s.")
                            % {"cols": "、".join(COLUMN[c] for c in sorted(missing))})
    return columns


# ---------------------------------------------------------------- checking a row

def _text(record, field):
    value = record.get(field, "")
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel keeps 13905310001 as a number
    return str(value).strip()


def _choice(value, choices, field):
    value = (value or "").strip()
    for code, label in choices:
        if value in (code, str(label)):
            return code
    raise ValidationError(_("Unknown %(what)s: %(value)s") % {"what": COLUMN[field], "value": value or "—"})


def _category(path):
    if not path:
        return None
    node = None
    for name in [p.strip() for p in str(path).replace("／", "/").split("/") if p.strip()]:
        node = Category.objects.filter(parent=node, name=name).first()
        if node is None:
            raise ValidationError(_("Unknown category: %(v)s") % {"v": path})
    return node


def _unit(name, kind, parent=None):
    if not name:
        return None
    qs = Unit.objects.filter(name=name, kind=kind)
    if parent is not None:
        qs = qs.filter(parent=parent)
    unit = qs.first()
    if unit is None:
        raise ValidationError(_("Unknown %(kind)s: %(v)s") % {"kind": Unit.Kind(kind).label, "v": name})
    return unit


def _lead(name):
    unit = Unit.objects.filter(name=name, is_active=True).first() or Unit.objects.filter(code=name).first()
    if unit is None or not unit.handles_orders:
        raise ValidationError(_("Unknown lead unit: %(v)s") % {"v": name})
    return unit


def _moment(value, field, now):
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time(12))
    elif not str(value).strip():
        return None
    else:
        try:
            moment = dt.datetime.fromisoformat(str(value).strip().replace("/", "-"))
        except ValueError:
            raise ValidationError(_("%(column)s is not a date and time: %(v)s") % {
                "column": COLUMN[field], "v": value}) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > now:
        raise ValidationError(_("%(column)s is in the future: %(v)s") % {"column": COLUMN[field], "v": value})
    return moment


def check_row(record, now):
    """The row's values, checked and converted; a ValidationError lists every problem."""
    problems, out = [], {}

    def attempt(field, fn):
        try:
            out[field] = fn()
        except ValidationError as exc:
            problems.extend(exc.messages)

    for field, limit in LIMITS.items():
        text = _text(record, field)
        if len(text) > limit:
            problems.append(_("%(column)s is longer than %(n)d characters.") % {"column": COLUMN[field], "n": limit})
    for field, limit in (("body", settings.ORDER_BODY_MAX_CHARS), ("answer", settings.TEXT_MAX_CHARS)):
        if len(_text(record, field)) > limit:
            problems.append(_("%(column)s is longer than %(n)d characters.") % {"column": COLUMN[field], "n": limit})
    if any("\x00" in _text(record, f) for f in FIELDS):
        problems.append(_("The row contains a NUL character."))
    if not _text(record, "source_ref"):
        problems.append(_("The source reference is empty."))
    attempt("order_type", lambda: _choice(_text(record, "order_type"), OrderType.choices, "order_type"))
    attempt("channel", lambda: _choice(_text(record, "channel") or Channel.PHONE, Channel.choices, "channel"))
    attempt("urgency", lambda: _choice(_text(record, "urgency") or Urgency.NORMAL, Urgency.choices, "urgency"))
    attempt("status", lambda: _choice(_text(record, "status") or Status.PENDING_DISPATCH,
                                      [c for c in Status.choices if c[0] in IMPORTABLE], "status"))
    attempt("category", lambda: _category(_text(record, "category")))
    attempt("street", lambda: _unit(_text(record, "street"), Unit.Kind.STREET))
    attempt("community", lambda: _unit(_text(record, "community"), Unit.Kind.COMMUNITY, out.get("street")))
    attempt("caller_phone", lambda: clean_phone(_text(record, "caller_phone")))
    attempt("caller_id_number", lambda: clean_id_number(_text(record, "caller_id_number")))
    attempt("lead_unit", lambda: _lead(_text(record, "lead_unit")) if _text(record, "lead_unit") else None)
    for field in ("received_at", "dispatched_at", "signed_at", "replied_at", "called_back_at", "closed_at"):
        attempt(field, lambda field=field: _moment(record.get(field, ""), field, now))
    attempt("satisfaction", lambda: _choice(_text(record, "satisfaction"), Satisfaction.choices, "satisfaction")
            if _text(record, "satisfaction") else "")
    solved = _text(record, "solved")
    out["solved"] = True if solved in YES else False if solved in NO else None
    if solved and out["solved"] is None:
        problems.append(_("%(column)s must be 是 or 否: %(v)s") % {"column": COLUMN["solved"], "v": solved})
    if problems:
        raise ValidationError(problems)
    out.update({f: _text(record, f) for f in ("source_ref", "title", "body", "caller_name", "address", "answer")})
    out["confidential"] = _text(record, "confidential") in YES
    _check_history(out)
    return out


def _check_history(row):
    """The legacy facts must fit the status they come with, and each other's order in time."""
    status, problems = row["status"], []
    needs = {Status.PENDING_SIGN: ["lead_unit", "dispatched_at"],
             Status.HANDLING: ["lead_unit", "dispatched_at"],
             Status.PENDING_CALLBACK: ["lead_unit", "dispatched_at", "answer", "replied_at"],
             Status.CLOSED: ["closed_at"]}.get(status, [])
    if status != Status.PENDING_DISPATCH and not row.get("received_at"):
        needs = ["received_at", *needs]
    for field in needs:
        if not row.get(field):
            problems.append(_("An order “%(status)s” needs %(column)s.") % {
                "status": Status(status).label, "column": COLUMN[field]})
    if status == Status.CLOSED and row.get("lead_unit") and not row.get("dispatched_at"):
        problems.append(_("An order “%(status)s” needs %(column)s.") % {
            "status": Status(status).label, "column": COLUMN["dispatched_at"]})
    times = [(f, row.get(f)) for f in ("received_at", "dispatched_at", "signed_at", "replied_at", "called_back_at",
                                       "closed_at") if row.get(f)]
    for (f1, t1), (f2, t2) in zip(times, times[1:]):
        if t2 < t1:
            problems.append(_("%(later)s is before %(earlier)s.") % {"later": COLUMN[f2], "earlier": COLUMN[f1]})
    if problems:
        raise ValidationError(problems)


# ---------------------------------------------------------------- writing an order

def _legacy_event(order, action, at, from_status, to_status, note="", data=None):
    OrderEvent.objects.create(order=order, action=action, actor=None, actor_unit=None, from_status=from_status,
                              to_status=to_status, note=note, data={"legacy": True, **(data or {})}, at=at)


def import_row(row, *, actor, source_system, batch=None):
    """Create one legacy order with its history, in one transaction."""
    with transaction.atomic():
        order = services.create_order(
            actor=actor, source_system=source_system, source_ref=row["source_ref"], order_type=row["order_type"],
            channel=row["channel"], urgency=row["urgency"], title=row["title"], body=row["body"],
            caller_name=row["caller_name"], caller_phone=row["caller_phone"],
            caller_id_number=row["caller_id_number"], category=row["category"], street=row["street"],
            community=row["community"], address=row["address"], confidential=row["confidential"],
            received_at=row["received_at"])
        order.import_batch = batch
        if row["status"] != Status.PENDING_DISPATCH or row["lead_unit"]:
            _apply_history(order, row)
        order.save()
    return order


def _apply_history(order, row):
    status, lead = row["status"], row["lead_unit"]
    created = order.created_at
    if lead is not None:
        at = row["dispatched_at"] or created
        order.lead_unit, order.dispatched_at = lead, at
        order.assignments.create(unit=lead, role=Assignment.Role.LEAD, dispatched_at=at,
                                 signed_at=row["signed_at"] or (at if status != Status.PENDING_SIGN else None),
                                 state=Assignment.State.DONE if status in (Status.PENDING_CALLBACK, Status.CLOSED)
                                 else Assignment.State.ACTIVE,
                                 ended_at=row["replied_at"] or row["closed_at"])
        _legacy_event(order, "dispatch", at, Status.PENDING_DISPATCH, Status.PENDING_SIGN,
                      data={"lead_unit": lead.name})
        if row["signed_at"]:
            order.signed_at = row["signed_at"]
            _legacy_event(order, "sign_for", row["signed_at"], Status.PENDING_SIGN, Status.HANDLING)
    clock = deadlines.Clock.load()
    policy = clock.policy(order)
    if lead is not None:
        # The history is judged by its own dates against the limits (no later extension or suspension is
        # known): signed for within the sign-for hours of its dispatch, replied within the working days.
        assignment = order.assignments.get(role=Assignment.Role.LEAD)
        if assignment.signed_at:
            assignment.responded_on_time = order.responded_on_time = (
                assignment.signed_at <= order.dispatched_at + dt.timedelta(hours=policy.sign_for_hours))
            assignment.save(update_fields=["responded_on_time"])
        start = row["signed_at"] or order.dispatched_at
        order.handle_started_at = start
        order.handle_workdays = policy.handle_workdays
        order.handle_deadline = clock.cal.deadline(start, order.handle_workdays)
    if row["answer"] or row["replied_at"]:
        order.answer = row["answer"] or ""
        order.replied_at = row["replied_at"]
        if row["replied_at"] and order.handle_deadline is not None:
            order.replied_on_time = row["replied_at"] <= order.handle_deadline
        if row["replied_at"]:
            _legacy_event(order, "reply", row["replied_at"], Status.HANDLING, Status.PENDING_CALLBACK,
                          note=order.answer)
    if row["called_back_at"] or row["satisfaction"]:
        order.called_back_at = row["called_back_at"] or row["closed_at"]
        order.satisfaction, order.solved = row["satisfaction"], row["solved"]
        if order.called_back_at:
            _legacy_event(order, "callback", order.called_back_at, Status.PENDING_CALLBACK, Status.CLOSED,
                          data={"satisfaction": row["satisfaction"], "solved": row["solved"]})
    if status == Status.CLOSED:
        order.closed_at = row["closed_at"]
        if not order.called_back_at:
            _legacy_event(order, "close", row["closed_at"], Status.PENDING_CALLBACK, Status.CLOSED)
    order.status = status
    order.status_changed_at = {Status.CLOSED: row["closed_at"], Status.PENDING_CALLBACK: row["replied_at"],
                               Status.HANDLING: row["signed_at"] or order.dispatched_at,
                               Status.PENDING_SIGN: order.dispatched_at}.get(status) or created
    deadlines.refresh(order, clock)


# ---------------------------------------------------------------- a whole file

def import_rows(rows, *, actor, source_system, batch=None, progress=None):
    """Import the table's rows (the first names the columns): a RowResult for every row."""
    if not rows:
        raise ActionRefused("bad_file", _("The file is empty."))
    columns = columns_of(rows[0])
    if len(rows) - 1 > settings.IMPORT_MAX_ROWS:
        raise ActionRefused("bad_file", _("The file has %(n)d rows; at most %(max)d are taken at once.")
                            % {"n": len(rows) - 1, "max": settings.IMPORT_MAX_ROWS})
    results, now = [], timezone.now()
    for index, raw in enumerate(rows[1:], start=2):
        record = {col: ("" if v is None else v) for col, v in zip(columns, raw) if col in FIELDS}
        if any(str(v).strip() for v in record.values()):
            results.append(_one(record, index, actor, source_system, batch, now))
        if progress is not None and index % 50 == 0:
            progress(index - 1, results)
    return results


def _one(record, index, actor, source_system, batch, now):
    ref = _text(record, "source_ref")[:60]
    try:
        existing = WorkOrder.objects.filter(source_system=source_system, source_ref=ref).first() if ref else None
        if existing:
            return RowResult(index, "skipped", _("Imported before"), existing.number, ref)
        order = import_row(check_row(record, now), actor=actor, source_system=source_system, batch=batch)
        return RowResult(index, "created", "", order.number, ref)
    except ValidationError as exc:
        return RowResult(index, "error", " ".join(exc.messages), ref=ref)
    except ActionRefused as exc:
        return RowResult(index, "error", exc.message, ref=ref)


def import_orders(*, name, content, actor, source_system):
    """Import a file at once (small files, tests and the command line)."""
    rows, _encoding = read_table(name, content)
    return import_rows(rows, actor=actor, source_system=source_system)


# ---------------------------------------------------------------- batches

def start_batch(*, name, content, actor, source_system):
    """Record an upload and import it: in the background (a Celery task) when a broker is set,
    else right away. Refuses at once what cannot be read at all."""
    if len(content) > settings.IMPORT_MAX_BYTES:
        raise ActionRefused("bad_file", _("The file is larger than the %(mb)s MB taken at once; split it.")
                            % {"mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)})
    rows, encoding = read_table(name, content)
    if not rows:
        raise ActionRefused("bad_file", _("The file is empty."))
    columns_of(rows[0])
    batch = ImportBatch.objects.create(source_system=source_system, file_name=name[:200], size=len(content),
                                       encoding=encoding, content=crypto.encrypt_bytes(content), total=max(len(rows) - 1, 0),
                                       uploaded_by=actor, uploaded_at=timezone.now())
    record("import.uploaded", actor=actor, request=current_request(), target=f"import:{batch.pk}",
           detail={"file": batch.file_name, "rows": batch.total, "encoding": encoding, "source": source_system})
    from yiwang import background

    from .tasks import import_batch

    background.submit(import_batch, batch.pk)  # a thread of the server on the embedded default
    return batch


def run_batch(batch_id):
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.state != ImportBatch.State.QUEUED:
        return batch
    ImportBatch.objects.filter(pk=batch.pk).update(state=ImportBatch.State.RUNNING)

    def progress(done, results):
        ImportBatch.objects.filter(pk=batch.pk).update(processed=done, **_counts(results))

    try:
        rows, _encoding = read_table(batch.file_name, crypto.decrypt_bytes(batch.content))
        results = import_rows(rows, actor=batch.uploaded_by, source_system=batch.source_system, batch=batch,
                              progress=progress)
    except ActionRefused as exc:
        ImportBatch.objects.filter(pk=batch.pk).update(state=ImportBatch.State.FAILED, failure=exc.message,
                                                       content=None, finished_at=timezone.now())
    else:
        ImportBatch.objects.filter(pk=batch.pk).update(
            state=ImportBatch.State.DONE, processed=batch.total, report=[asdict(r) for r in results], content=None,
            finished_at=timezone.now(), **_counts(results))
    batch.refresh_from_db()
    record("import.finished", actor=batch.uploaded_by, target=f"import:{batch.pk}",
           detail={"file": batch.file_name, "state": batch.state, "created": batch.created, "skipped": batch.skipped,
                   "errors": batch.errors})
    return batch


def _counts(results):
    return {k: sum(1 for r in results if r.outcome == o) for k, o in
            (("created", "created"), ("skipped", "skipped"), ("errors", "error"))}


def undo_batch(*, batch, actor):
    """Take a batch's orders out again. An order someone has worked on since (any step beyond
    the import, a rating, a merge) stays, and the answer says which. Returns (removed, kept)."""
    if batch.state != ImportBatch.State.DONE:
        raise ActionRefused("not_done", _("Only a finished import can be undone."))
    removed, kept = 0, []
    for order in batch.orders.all():
        worked_on = order.duplicates.exists() or any(
            action != "create" and not data.get("legacy") for action, data in order.events.values_list("action", "data"))
        if worked_on:
            kept.append(order.number)
            continue
        try:
            with purging():
                order.events.all().delete()
                order.delete()
        except ProtectedError:
            kept.append(order.number)
        else:
            removed += 1
    ImportBatch.objects.filter(pk=batch.pk).update(state=ImportBatch.State.UNDONE, undone_by=actor,
                                                   undone_at=timezone.now())
    batch.refresh_from_db()
    record("import.undone", actor=actor, request=current_request(), target=f"import:{batch.pk}",
           detail={"file": batch.file_name, "removed": removed, "kept": len(kept)})
    return removed, kept
