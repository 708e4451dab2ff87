"""Importing another department's file into the enterprise registry (the market-regulation export,
a statistics extract, a park's list).

- Its headings are mapped to the registry's fields once per source and the mapping kept
  (ImportSource.mapping); common headings are known without a mapping (SYNONYMS), with the unit a
  heading names (注册资本（元）).
- Every cell is normalised before it is checked: full-width digits and letters, spaces and
  thousands separators, dates as 2019/3/7, 2019.3.7, 2019年3月7日 or 20190307 (or Excel dates),
  money as "500万人民币", "5,000,000元" or in the column's unit, an industry as "C3411", "3411" or a
  division's name, a registration status (注销/吊销 close the enterprise).
- A wrong cell loses that cell, never the row: it is reported with its row and the reason; only a
  row without a valid credit code (or a new enterprise without a name and an industry) is refused.
- Nothing is saved until someone has seen what would change (old → new, field by field) and
  confirmed. An existing enterprise is changed only in the columns the file has and only by the
  cells that are not empty; importing the same file again changes nothing.
"""
import datetime as dt
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yiwang import clock
from yiwang.audit.services import record
from yiwang.documents.tables import heading_columns, read_table
from yiwang.errors import ActionRefused
from yiwang.orgs import roles as R
from yiwang.orgs.models import Unit
from yiwang.privacy.masking import clean_credit_code, clean_phone, mask_phone

from . import industries
from .models import Enterprise, EnterpriseImport, ImportSource, Status
from .services import EDITORS

# The registry's fields a file may carry, in the order a preview shows them.
FIELDS = {
    "credit_code": gettext_lazy("Unified social credit code"), "name": gettext_lazy("Name"),
    "legal_rep": gettext_lazy("Legal representative"), "industry": gettext_lazy("Industry"),
    "status": gettext_lazy("Registration status"), "founded_on": gettext_lazy("Founded on"),
    "registered_capital": gettext_lazy("Registered capital (10,000 yuan)"), "staff": gettext_lazy("Staff"),
    "revenue": gettext_lazy("Revenue (10,000 yuan)"), "assets": gettext_lazy("Total assets (10,000 yuan)"),
    "street": gettext_lazy("Street"), "park": gettext_lazy("Park"), "address": gettext_lazy("Address"),
    "contact_name": gettext_lazy("Contact"), "contact_phone": gettext_lazy("Contact phone"),
}
SYNONYMS = {
    "credit_code": ["统一社会信用代码", "社会信用代码", "信用代码", "统一代码", "注册号/统一社会信用代码"],
    "name": ["企业名称", "名称", "市场主体名称", "单位名称", "企业（机构）名称", "主体名称"],
    "legal_rep": ["法定代表人", "法定代表人（负责人）", "法定代表人/负责人", "负责人", "经营者", "法人代表"],
    "industry": ["行业代码", "行业", "所属行业", "国民经济行业", "国民经济行业代码", "行业分类", "行业类别"],
    "status": ["登记状态", "经营状态", "企业状态", "主体状态", "存续状态"],
    "founded_on": ["成立日期", "成立时间", "登记日期", "注册日期", "核准日期"],
    "registered_capital": ["注册资本", "注册资金", "注册资本（金）"],
    "staff": ["从业人数", "从业人员", "从业人员数", "职工人数", "从业人员期末人数"],
    "revenue": ["营业收入", "营业收入（上年）", "主营业务收入"],
    "assets": ["资产总额", "资产总计"],
    "street": ["所属街道", "街道", "镇街", "所属镇街", "街道（镇）", "街镇"],
    "park": ["园区", "所属园区"],
    "address": ["住所", "地址", "经营场所", "注册地址", "住所（经营场所）", "企业地址"],
    "contact_name": ["联系人", "联络员"],
    "contact_phone": ["联系电话", "电话", "联系方式", "手机", "联系人电话"],
}
MONEY_FIELDS = {"registered_capital", "revenue", "assets"}
TEXT_LIMITS = {"name": 100, "legal_rep": 50, "park": 100, "address": 200, "contact_name": 50}
CLOSED = ("注销", "吊销", "撤销", "迁出")
ACTIVE = ("存续", "在业", "在营", "开业", "正常", "登记成立", "设立")
MAX_ROWS = 100_000


def half_width(value):
    """Full-width digits, letters and signs as the ASCII ones (１２３ → 123, Ａ → A, ， → ,)."""
    return unicodedata.normalize("NFKC", str(value)).strip()


# Full-width digits and Latin letters, which Chinese text never needs (８８号 → 88号); Chinese
# punctuation such as （）、， is left as it is written, since names are registered with it.
_WIDE_ALNUM = {c: c - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for c in range(r[0], r[1] + 1)}
PERSON_FIELDS = {"legal_rep", "contact_name"}


def tidy_text(name, value):
    """A text cell as it is kept: full-width digits and letters made plain, the ideographic space
    (U+3000) a space, runs of spaces one; a person's name without the spaces that pad it to the
    width of a longer one (赵　强 → 赵强)."""
    text = str(value).translate(_WIDE_ALNUM).replace("\u3000", " ")
    if name in PERSON_FIELDS and re.fullmatch(r"[\u4e00-\u9fff ·]+", text.strip()):
        return text.replace(" ", "")
    return re.sub(r"\s+", " ", text).strip()


def heading_key(heading):
    """A heading as it is matched: half-width, without spaces, and without a unit in brackets."""
    text = half_width(heading).replace(" ", "")
    return re.sub(r"\((万元|元|万|人|个)\)$", "", text)


def heading_unit(heading):
    text = half_width(heading)
    if re.search(r"\(元\)|（元）|\[元\]", text) or text.endswith("(元)"):
        return "yuan"
    return "wan"


def resolve(headings, source, mapping=None):
    """{column index: field} for the file's headings: the mapping given, else the source's kept
    one, else the known headings. A heading mapped to "" is ignored."""
    return heading_columns(headings, fields=FIELDS, synonyms=SYNONYMS, key=heading_key,
                           kept=dict(source.mapping or {}, **(mapping or {})))


# ------------------------------------------------------------------ one cell

def parse_date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = half_width(value)
    m = (re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?", text)
         or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text))
    if not m:
        raise ValidationError(_("“%(v)s” is not a date (write it as 2019-03-07, 2019/3/7 or 20190307).") % {"v": value})
    try:
        day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise ValidationError(_("“%(v)s” is not a date that exists.") % {"v": value}) from None
    if not dt.date(1900, 1, 1) <= day <= timezone.localdate():
        raise ValidationError(_("“%(v)s” is not a possible date.") % {"v": value})
    return day


def parse_money(value, unit="wan"):
    """A sum in 10,000 yuan: "500", "500万", "500万元", "500万人民币", "5,000,000元", "1.2亿" (the
    column's unit when the cell names none); foreign currency is refused, not guessed."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        number, named = Decimal(str(value)), None
    else:
        text = half_width(value).replace(",", "").replace(" ", "")
        currency = re.search(r"(美元|港元|港币|欧元|日元|英镑|澳元|加元|新加坡元|USD|HKD|EUR|JPY)", text, re.I)
        if currency:
            raise ValidationError(_("“%(v)s” is in %(c)s: enter it converted to yuan.") % {"v": value,
                                                                                       "c": currency.group(1)})
        m = re.fullmatch(r"(-?\d+(?:\.\d+)?)(亿|万)?(元)?(人民币)?(元)?", text)
        if not m:
            raise ValidationError(_("“%(v)s” is not a sum of money.") % {"v": value})
        number = Decimal(m.group(1))
        named = {"亿": "yi", "万": "wan"}.get(m.group(2)) or ("yuan" if (m.group(3) or m.group(5)) else None)
    unit = named or unit
    number = {"yi": number * 10000, "wan": number, "yuan": number / 10000}[unit]
    if number < 0 or number >= Decimal("1e8"):
        raise ValidationError(_("“%(v)s” is outside 0 to 1 trillion yuan.") % {"v": value})
    return number.quantize(Decimal("0.01"))


def parse_staff(value):
    text = half_width(value).replace(",", "").replace(" ", "").removesuffix("人")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("“%(v)s” is not a number of people.") % {"v": value}) from None
    if number != number.to_integral_value() or not 0 <= number <= 10_000_000:
        raise ValidationError(_("“%(v)s” is not a number of people.") % {"v": value})
    return int(number)


def parse_industry(value):
    """A GB/T 4754-2017 code from "C3411", "3411", "C 3411 金属结构制造", "金属结构制造（3411）" or a
    division's name ("通用设备制造业")."""
    text = half_width(value).upper()
    m = re.search(r"(?<![0-9])([A-T])?\s*(\d{2,4})(?![0-9])", text)
    if m:
        code = m.group(2)
        if not industries.is_known(code):
            raise ValidationError(_("%(v)s is not an industry code of GB/T 4754-2017.") % {"v": value})
        if m.group(1) and industries.section_of(code) != m.group(1):
            raise ValidationError(_("In “%(v)s” the section %(s)s does not hold the code %(c)s.") % {
                "v": value, "s": m.group(1), "c": code})
        return code
    code = industries.division_by_name(half_width(value))
    if code:
        return code
    raise ValidationError(_("“%(v)s” names no industry division of GB/T 4754-2017; give its code.") % {"v": value})


def parse_status(value):
    text = str(value).strip()[:30]  # the register's own words, full-width commas and all
    if any(word in text for word in CLOSED):
        return Status.CLOSED, text
    if any(word in text for word in ACTIVE):
        return Status.ACTIVE, text
    raise ValidationError(_("“%(v)s” is not a registration status this registry knows (存续, 在业, 注销, 吊销 …).")
                          % {"v": value})


def _streets():
    return {u.name: u for u in Unit.objects.filter(kind=Unit.Kind.STREET, is_active=True)} | {
        u.code: u for u in Unit.objects.filter(kind=Unit.Kind.STREET, is_active=True)}


def parse_cell(name, value, unit="wan", streets=None):
    """The checked value of one field, or a ValidationError saying what is wrong with the cell."""
    if name == "credit_code":
        return clean_credit_code(half_width(value).replace(" ", "").upper())
    if name in MONEY_FIELDS:
        return parse_money(value, unit)
    if name == "staff":
        return parse_staff(value)
    if name == "founded_on":
        return parse_date(value)
    if name == "industry":
        return parse_industry(value)
    if name == "status":
        return parse_status(value)
    if name == "street":
        text = tidy_text(name, value)
        unit_ = (streets if streets is not None else _streets()).get(text)
        if unit_ is None:
            raise ValidationError(_("No street is called %(v)s; the street is not imported.") % {"v": text})
        return unit_
    if name == "contact_phone":
        return clean_phone(str(value))  # full-width digits, spaces, dashes and +86 are clean_phone's to read
    text = tidy_text(name, value)
    if len(text) > TEXT_LIMITS.get(name, 200):
        raise ValidationError(_("At most %(n)d characters (now %(m)d).") % {"n": TEXT_LIMITS.get(name, 200),
                                                                         "m": len(text)})
    return text


# ------------------------------------------------------------------ a file

def _stored(name, value):
    """A parsed value as kept between the preview and the confirmation (JSON)."""
    if name == "street":
        return value.pk
    if name == "status":
        return list(value)
    if isinstance(value, (Decimal, dt.date)):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    return value


def _loaded(name, value):
    if name == "street":
        return Unit.objects.filter(pk=value).first()
    if name == "status":
        return tuple(value)
    if name in MONEY_FIELDS:
        return Decimal(value)
    if name == "founded_on":
        return dt.date.fromisoformat(value)
    return value


def read(*, name, content, source, mapping=None):
    """(headings, rows): every data row as {"line", "values": {field: stored value}, "problems":
    [[field, message]]}, the line as Excel or the editor numbers it (the headings are line 1)."""
    table, _encoding = read_table(name or "", content)
    if not table:
        raise ActionRefused("bad_file", _("The file is empty."))
    headings = [str(h).strip() for h in table[0]]
    if len(table) > MAX_ROWS + 1:
        raise ActionRefused("bad_file", _("At most 100,000 enterprises are imported at once; split the file."))
    columns = resolve(headings, source, mapping)
    if "credit_code" not in columns.values():
        raise ActionRefused("no_key", _("No column holds the unified social credit code: say which one does."))
    units = {i: heading_unit(headings[i]) for i in columns}
    streets = _streets()
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        if not any(str(c).strip() for c in cells):
            continue
        values, problems = {}, []
        for i, field_name in columns.items():
            cell = cells[i] if i < len(cells) else ""
            if cell is None or str(cell).strip() == "":
                continue
            try:
                values[field_name] = _stored(field_name, parse_cell(field_name, cell, units[i], streets))
            except ValidationError as exc:
                problems.append([field_name, exc.messages[0]])
        rows.append({"line": line, "values": values, "problems": problems})
    return headings, rows


def upload(*, actor, name, content, source, mapping=None):
    """An uploaded file read and kept for its preview; nothing in the registry changes yet."""
    if actor is not None and not (R.roles_of(actor) & EDITORS):
        raise ActionRefused("not_allowed", _("Your role may not change the enterprise registry."))
    headings, rows = read(name=name, content=content, source=source, mapping=mapping)
    if mapping:
        source.mapping = dict(source.mapping or {}, **mapping)
        source.updated_at = clock.now()
        source.save(update_fields=["mapping", "updated_at"])
    batch = EnterpriseImport(source=source, file_name=(name or "")[:200], headings=headings, rows=rows,
                             uploaded_by=actor, uploaded_at=clock.now())
    batch.file.save(f"import-{uuid.uuid4().hex}{Path(name or '').suffix[:6]}", ContentFile(content), save=False)
    batch.save()
    return batch


def remap(*, actor, batch, mapping):
    """The same file read again with the columns the person chose, kept for the source's next
    files; the earlier preview is set aside."""
    with batch.file.open("rb") as f:
        content = f.read()
    again = upload(actor=actor, name=batch.file_name, content=content, source=batch.source, mapping=mapping)
    discard(actor=actor, batch=batch)
    return again


@dataclass
class Change:
    field: str
    old: str
    new: str

    @property
    def label(self):
        return str(FIELDS[self.field])


@dataclass
class Planned:
    line: int
    credit_code: str
    name: str
    outcome: str  # new, update, same, error
    changes: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # (field label, message): a cell left out
    errors: list = field(default_factory=list)  # why the row is refused
    enterprise: Enterprise | None = None
    values: dict = field(default_factory=dict)


def shown(name, value):
    if value is None or value == "":
        return "—"
    if name == "street":
        return value.name
    if name == "status":
        return str(value[1] or Status(value[0]).label) if isinstance(value, tuple) else str(value)
    if name == "contact_phone":
        return mask_phone(value)
    if name == "industry":
        return f"{value} {industries.name_of(value)}"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def _current(enterprise, name):
    if name == "status":
        return (enterprise.status, enterprise.status_text)
    if name == "street":
        return enterprise.street
    return getattr(enterprise, name)


def plan(batch):
    """What confirming the import would do now, row by row: a new enterprise, its changed fields
    (old → new), no change, or why the row is refused; against the registry as it is now."""
    codes = {r["values"].get("credit_code") for r in batch.rows} - {None}
    existing = {e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=codes).select_related("street")}
    seen, out = {}, []
    for row in batch.rows:
        values = {k: _loaded(k, v) for k, v in row["values"].items()}
        problems = [(str(FIELDS[f]), m) for f, m in row["problems"]]
        code = values.get("credit_code", "")
        planned = Planned(line=row["line"], credit_code=code, name=values.get("name", ""), outcome="same",
                          problems=problems, values=values)
        if any(f == "credit_code" for f, _m in row["problems"]) or not code:
            planned.outcome = "error"
            planned.errors = [m for f, m in row["problems"] if f == "credit_code"] or [
                _("The row has no unified social credit code.")]
            planned.problems = [p for p in problems if p[0] != str(FIELDS["credit_code"])]
            out.append(planned)
            continue
        if code in seen:
            planned.problems.append((str(FIELDS["credit_code"]), _("The same enterprise as row %(n)d; this row's "
                                                                   "cells are applied after it.") % {"n": seen[code]}))
        seen.setdefault(code, row["line"])
        enterprise = existing.get(code)
        if enterprise is None:
            missing = [str(FIELDS[f]) for f in ("name", "industry") if not values.get(f)]
            if missing:
                planned.outcome = "error"
                planned.errors = [_("A new enterprise needs %(fields)s.") % {"fields": "、".join(missing)}]
                out.append(planned)
                continue
            enterprise = Enterprise(credit_code=code)
            existing[code] = enterprise
            planned.outcome = "new"
        else:
            planned.name = planned.name or enterprise.name
            planned.outcome = "update" if enterprise.pk else "new"
        planned.enterprise = enterprise
        for name_, value in values.items():
            if name_ == "credit_code":
                continue
            old = _current(enterprise, name_)
            if name_ == "status" and value[0] == old[0]:
                _set(enterprise, name_, value)  # the register's wording, no change of status
                continue
            if value != old:
                planned.changes.append(Change(name_, shown(name_, old), shown(name_, value)))
                _set(enterprise, name_, value)
        if planned.outcome == "update" and not planned.changes:
            planned.outcome = "same"
        out.append(planned)
    return out


def _set(enterprise, name, value):
    if name == "status":
        enterprise.status, enterprise.status_text = value
    else:
        setattr(enterprise, name, value)


def summary(planned):
    return {o: sum(1 for p in planned if p.outcome == o) for o in ("new", "update", "same", "error")} | {
        "problems": sum(len(p.problems) for p in planned)}


def apply(*, actor, batch):
    """Confirm a previewed import: the changes the preview showed, planned again against the
    registry as it is now, saved in one transaction (a second run finds nothing to change)."""
    if actor is not None and not (R.roles_of(actor) & EDITORS):
        raise ActionRefused("not_allowed", _("Your role may not change the enterprise registry."))
    now = clock.now()
    with transaction.atomic():
        batch = EnterpriseImport.objects.select_for_update().get(pk=batch.pk)
        if batch.state != EnterpriseImport.State.PREVIEWED:
            raise ActionRefused("done", _("This import was already %(state)s.") % {"state": batch.get_state_display()})
        planned = plan(batch)
        saved = set()
        for p in planned:
            if p.outcome in ("new", "update") and p.enterprise.credit_code not in saved:
                p.enterprise.compute()
                p.enterprise.updated_at = now
                p.enterprise.save()
                saved.add(p.enterprise.credit_code)
            elif p.outcome in ("new", "update"):  # a second row for the same enterprise
                p.enterprise.compute()
                p.enterprise.save()
        counts = summary(planned)
        batch.state, batch.applied_by, batch.applied_at = EnterpriseImport.State.APPLIED, actor, now
        batch.result = {"counts": counts, "rows": [{"line": p.line, "credit_code": p.credit_code, "outcome": p.outcome,
                                                    "changes": [[c.label, c.old, c.new] for c in p.changes],
                                                    "problems": [list(x) for x in p.problems], "errors": p.errors}
                                                   for p in planned]}
        batch.save(update_fields=["state", "applied_by", "applied_at", "result"])
        record("import.finished", actor=actor, target=f"enterprise-import:{batch.pk}",
               detail={"file": batch.file_name, "source": batch.source.code, **counts})
    return planned


def discard(*, actor, batch):
    if batch.state == EnterpriseImport.State.PREVIEWED:
        batch.state = EnterpriseImport.State.DISCARDED
        batch.save(update_fields=["state"])


def source_for(code, name=""):
    """The source with this code, made with `name` when it is new."""
    code = (code or "").strip().lower()
    if not re.fullmatch(r"[a-z0-9_-]{1,30}", code):
        raise ActionRefused("invalid", _("A source's code is 1 to 30 letters, digits, - or _."))
    source, _made = ImportSource.objects.get_or_create(code=code, defaults={
        "name": (name or code)[:60], "updated_at": clock.now()})
    return source


def template():
    from yiwang.documents.excel import Sheet

    headings = ["统一社会信用代码", "企业名称", "法定代表人", "注册资本(万元)", "成立日期", "行业代码", "登记状态",
                "从业人数", "营业收入(万元)", "资产总额(万元)", "所属街道", "园区", "住所", "联系人", "联系电话"]
    sheet = Sheet(_("Enterprises"), headings, widths=(22, 24, 10, 12, 12, 8, 8, 8, 12, 12, 10, 12, 24, 8, 14))
    sheet.row(["91370112MA3C5K8T03", "云溪味道餐饮有限公司", "韩梅梅", 50, dt.date(2019, 5, 20), "6210", "存续", 35, 860,
               420, "青山街道", "", "青山街道松林路26号", "韩梅梅", "13905312002"])
    return sheet.content()

