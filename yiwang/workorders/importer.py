"""Bulk import of legacy orders from Excel or CSV. Each row stands alone: a bad row is reported
and skipped, good rows are kept, and a row imported before (same source reference) is skipped."""
import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang.errors import ActionRefused
from yiwang.orgs.models import Unit

from . import services
from .models import Category, Channel, OrderType, Urgency, WorkOrder

# Header → field. Chinese headers (what legacy systems export) and the field names both work.
HEADERS = {
    "外部编号": "source_ref", "原工单编号": "source_ref", "受理时间": "received_at", "类型": "order_type",
    "诉求类型": "order_type", "渠道": "channel", "来源渠道": "channel", "紧急程度": "urgency", "标题": "title",
    "内容": "body", "诉求内容": "body", "来电人": "caller_name", "姓名": "caller_name", "电话": "caller_phone",
    "联系电话": "caller_phone", "身份证号": "caller_id_number", "分类": "category", "街道": "street",
    "社区": "community", "地址": "address", "保密": "confidential",
}
FIELDS = set(HEADERS.values())


@dataclass
class RowResult:
    row: int
    outcome: str  # created / skipped / error
    message: str
    number: str = ""


def _choice(value, choices, what):
    value = (value or "").strip()
    for code, label in choices:
        if value in (code, str(label)):
            return code
    raise ValidationError(_("Unknown %(what)s: %(value)s") % {"what": what, "value": value or "—"})


def _rows(name, content):
    if name.lower().endswith(".csv"):
        text = content.decode("utf-8-sig")
        yield from csv.reader(io.StringIO(text))
        return
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
    except Exception:
        raise ActionRefused("bad_file", _("The file is neither an Excel workbook (.xlsx) nor a CSV file.")) from None
    for row in sheet.iter_rows(values_only=True):
        yield ["" if v is None else v for v in row]


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
    qs = Unit.objects.filter(name=str(name).strip(), kind=kind)
    if parent is not None:
        qs = qs.filter(parent=parent)
    unit = qs.first()
    if unit is None:
        raise ValidationError(_("Unknown %(kind)s: %(v)s") % {"kind": Unit.Kind(kind).label, "v": name})
    return unit


def _received_at(value):
    if isinstance(value, dt.datetime):
        moment = value
    elif not value:
        return None
    else:
        try:
            moment = dt.datetime.fromisoformat(str(value).strip().replace("/", "-"))
        except ValueError:
            raise ValidationError(_("Not a date and time: %(v)s") % {"v": value}) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > timezone.now():
        raise ValidationError(_("The time received is in the future: %(v)s") % {"v": value})
    return moment


def import_orders(*, name, content, actor, source_system):
    results = []
    rows = _rows(name, content)
    header = next(rows, None)
    if not header:
        raise ActionRefused("bad_file", _("The file is empty."))
    columns = [HEADERS.get(str(h).strip(), str(h).strip()) for h in header]
    missing = {"source_ref", "title", "body", "order_type"} - set(columns)
    if missing:
        raise ActionRefused("bad_file", _("The first row must name the columns; missing: %(cols)s.")
                            % {"cols": ", ".join(sorted(missing))})
    for index, raw in enumerate(rows, start=2):
        record = {col: ("" if v is None else v) for col, v in zip(columns, raw) if col in FIELDS}
        if not any(str(v).strip() for v in record.values()):
            continue
        ref = str(record.get("source_ref", "")).strip()
        try:
            if not ref:
                raise ValidationError(_("The source reference is empty."))
            existing = WorkOrder.objects.filter(source_system=source_system, source_ref=ref).first()
            if existing:
                results.append(RowResult(index, "skipped", _("Imported before"), existing.number))
                continue
            street = _unit(record.get("street"), Unit.Kind.STREET)
            order = services.create_order(
                actor=actor, source_system=source_system, source_ref=ref,
                order_type=_choice(str(record.get("order_type", "")), OrderType.choices, _("type")),
                channel=_choice(str(record.get("channel") or Channel.PHONE), Channel.choices, _("channel")),
                urgency=_choice(str(record.get("urgency") or Urgency.NORMAL), Urgency.choices, _("urgency")),
                title=str(record.get("title", "")), body=str(record.get("body", "")),
                caller_name=str(record.get("caller_name", "")), caller_phone=str(record.get("caller_phone", "")),
                caller_id_number=str(record.get("caller_id_number", "")),
                category=_category(record.get("category")), street=street,
                community=_unit(record.get("community"), Unit.Kind.COMMUNITY, street),
                address=str(record.get("address", "")),
                confidential=str(record.get("confidential", "")).strip() in {"是", "1", "true", "True", "yes"},
                received_at=_received_at(record.get("received_at")),
            )
            results.append(RowResult(index, "created", "", order.number))
        except ValidationError as exc:
            results.append(RowResult(index, "error", "; ".join(exc.messages)))
        except ActionRefused as exc:
            results.append(RowResult(index, "error", exc.message))
    return results
