"""A department's file into the data centre. `read` turns the file into normalised rows and the
problems of its cells (row numbers as the department sees them: Excel's, the header being row 1;
a CSV file's line); `plan` says what applying it would change; `apply` replaces the department's
current records with the file's in one transaction: a row already held is kept, a new row is added,
and a record the file no longer holds is ended, not deleted, so the chain keeps it with its dates.
The same file twice changes nothing."""
import dataclasses
import hashlib
import json
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from yiwang.audit.services import record as audit
from yiwang.bulk import update_many
from yiwang.documents.tables import heading_columns, read_table
from yiwang.errors import ActionRefused
from yiwang.orgs.models import Unit
from yiwang.privacy import crypto

from . import normalise as N
from .models import Fact, Help, ImportRun, Record, Source

# Our fields and the headings departments give them. Matching ignores spaces, full-width forms and
# a unit in brackets (月收入（元）).
SYNONYMS = {
    "name": ["姓名", "名字", "对象姓名", "救助对象", "救助对象姓名", "申请人姓名", "人员姓名", "学生姓名", "残疾人姓名", "死者姓名"],
    "id_number": ["身份证号", "身份证号码", "公民身份号码", "证件号码", "身份证", "证件号", "身份证件号码"],
    "sex": ["性别"],
    "birth_date": ["出生日期", "出生年月日", "生日", "出生时间"],
    "address": ["户籍地址", "住址", "现住址", "家庭住址", "居住地址", "地址", "家庭地址", "户籍所在地"],
    "street": ["街道", "镇街", "所属街道", "街道(镇)", "街镇", "乡镇街道", "所属镇街"],
    "community": ["社区", "村居", "社区(村)", "所属社区", "村(社区)", "社区村居"],
    "phone": ["联系电话", "电话", "手机", "手机号码", "联系方式", "手机号"],
    "household_number": ["户号", "户编号", "家庭编号", "户口簿号"],
    "relation": ["与户主关系", "与户主的关系", "家庭关系"],
    # The household's head, named on each member's row (a roll without 户号): the members are one
    # household. The head's number is never kept as such, only a household key derived from it.
    "head_id_number": ["户主身份证号", "户主身份证号码", "户主公民身份号码", "户主证件号码"],
    "disability_grade": ["残疾等级"],
    "disability_kind": ["残疾类别", "残疾类型"],
    "monthly_income": ["月收入", "个人月收入", "月均收入"],
    "household_size": ["家庭人口", "家庭人口数", "户人口数", "共同生活人口"],
    "medical_selfpay": ["医疗自付金额", "自付金额", "个人自付", "自付费用", "医疗费用自付"],
    "amount": ["救助金额", "发放金额", "补贴金额", "金额", "补助金额", "资助金额"],
    "help": ["救助类别", "救助类型", "保障类别", "救助项目"],
    "starts_on": ["起始日期", "开始日期", "享受起始日期", "起始时间", "发放日期", "死亡日期", "登记日期", "认定日期"],
    "ends_on": ["终止日期", "结束日期", "截止日期", "享受截止日期"],
    "period": ["起止日期", "起止时间", "享受期间"],
}
FIELDS = list(SYNONYMS)
# What each field is called on the pages (the import plan, the mapping help).
LABELS = {
    "name": pgettext_lazy("import field", "Name"), "id_number": pgettext_lazy("import field", "ID-card number"),
    "sex": pgettext_lazy("import field", "Sex"), "birth_date": pgettext_lazy("import field", "Birth date"),
    "address": pgettext_lazy("import field", "Address"), "street": pgettext_lazy("import field", "Street"),
    "community": pgettext_lazy("import field", "Community"), "phone": pgettext_lazy("import field", "Phone"),
    "household_number": pgettext_lazy("import field", "Household number"),
    "relation": pgettext_lazy("import field", "Relation to the head"),
    "head_id_number": pgettext_lazy("import field", "Head's ID-card number"),
    "disability_grade": pgettext_lazy("import field", "Disability grade"),
    "disability_kind": pgettext_lazy("import field", "Disability kind"),
    "monthly_income": pgettext_lazy("import field", "Monthly income"),
    "household_size": pgettext_lazy("import field", "Household size"),
    "medical_selfpay": pgettext_lazy("import field", "Medical self-pay"),
    "amount": pgettext_lazy("import field", "Amount of help"), "help": pgettext_lazy("import field", "Kind of help"),
    "starts_on": pgettext_lazy("import field", "From"), "ends_on": pgettext_lazy("import field", "Until"),
    "period": pgettext_lazy("import field", "From and until"),
}
# Words of a 救助类别 cell and the help they name (the first that the cell contains).
HELP_WORDS = [("特困", Help.TEKUN), ("低保", Help.DIBAO), ("最低生活保障", Help.DIBAO), ("临时", Help.TEMPORARY),
              ("医疗救助", Help.MEDICAL_AID), ("教育", Help.EDUCATION_AID), ("助学", Help.EDUCATION_AID),
              ("资助", Help.EDUCATION_AID), ("住房", Help.HOUSING_AID), ("廉租", Help.HOUSING_AID),
              ("两项补贴", Help.DISABILITY_SUBSIDY), ("护理补贴", Help.DISABILITY_SUBSIDY),
              ("生活补贴", Help.DISABILITY_SUBSIDY), ("公益", Help.PUBLIC_JOB), ("心理", Help.CARE)]
MAX_ROWS = 2_000_000


def heading_key(heading):
    text = N.plain(heading).replace(" ", "")
    return re.sub(r"\((元|万元|人|级)\)$", "", text)


def resolve(headings, source, mapping=None):
    """{column index: field}: the mapping given, else the source's kept one, else the known
    headings. A heading mapped to "" is left out (kept under 'other columns')."""
    return heading_columns(headings, fields=SYNONYMS, synonyms=SYNONYMS, key=heading_key,
                           kept=dict(source.mapping or {}, **(mapping or {})))


def check_mapping(mapping):
    """A mapping as a person or a --map option gives it: {heading: field or ""}."""
    if not isinstance(mapping, dict):
        raise ActionRefused("bad_mapping", _("The column mapping must map each heading to one of our fields."))
    wrong = sorted(f for f in mapping.values() if f and f not in SYNONYMS)
    if wrong:
        raise ActionRefused("bad_mapping", _("Unknown fields in the column mapping: %(f)s (known: %(k)s).") % {
            "f": "、".join(wrong), "k": "、".join(FIELDS)})
    return {heading_key(k): v for k, v in mapping.items()}


@dataclasses.dataclass
class Problem:
    row: int
    column: str
    message: str

    def as_dict(self):
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclasses.dataclass
class Read:
    rows: list            # [(row number, {field: value}, {heading: other cell})]
    problems: list
    columns: dict         # {column index: field}
    headings: list
    encoding: str


class Places:
    """Streets and communities by the names departments write (青山街道, 青山, 青山街道办事处)."""

    def __init__(self):
        self.streets, self.communities = {}, {}
        for unit in Unit.objects.filter(kind__in=[Unit.Kind.STREET, Unit.Kind.COMMUNITY], is_active=True):
            table = self.streets if unit.kind == Unit.Kind.STREET else self.communities
            for key in {unit.name, re.sub(r"(街道|镇|乡|社区|村|居委会)$", "", unit.name)}:
                table.setdefault(key, unit)

    def find(self, kind, text):
        table = self.streets if kind == "street" else self.communities
        text = re.sub(r"(办事处|居民委员会|村民委员会|居委会)$", "", text)
        return table.get(text) or table.get(re.sub(r"(街道|镇|乡|社区|村)$", "", text))


def _cell(field, value, places):
    if field == "name":
        return N.name(value)
    if field in ("birth_date",):
        return N.date(value)
    if field in ("starts_on", "ends_on"):
        return N.date(value, future=True)
    if field in ("monthly_income", "medical_selfpay", "amount"):
        return N.amount(value)
    if field == "disability_grade":
        return N.whole(value, low=1, high=4)
    if field == "household_size":
        return N.whole(value, low=1, high=30)
    if field == "sex":
        return N.sex(value)
    if field == "phone":
        return N.phone(value)
    if field in ("street", "community"):
        text = N.text(value, 60)
        if not text:
            return None
        unit = places.find(field, text)
        if unit is None:
            raise ValidationError((_("no street is called “%(v)s”") if field == "street"
                                   else _("no community is called “%(v)s”")) % {"v": text})
        return unit
    if field == "help":
        text = N.text(value, 30)
        if not text:
            return ""
        for word, kind in HELP_WORDS:
            if word in text:
                return kind
        raise ValidationError(_("“%(v)s” is not a kind of help we know (低保, 特困, 临时救助, 医疗救助, ...).")
                              % {"v": text})
    if field == "period":
        parts = [p for p in re.split(r"\s*(?:至|到|~|～|—|--)\s*", N.plain(value)) if p]
        if not parts:
            return (None, None)
        if len(parts) > 2:
            raise ValidationError(_("“%(v)s” is not a period (write it as 2024-01-01至2024-12-31).")
                                  % {"v": N.plain(value)})
        return (N.date(parts[0], future=True), N.date(parts[1], future=True) if len(parts) > 1 else None)
    return N.text(value, 200 if field == "address" else 40)


def _message(exc):
    return "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def parse_row(number, cells, columns, headings, places, problems):
    """One row's values ({field: value}) and its other cells; a bad cell becomes a problem and an
    empty field, the rest of the row is kept."""
    values, other = {}, {}
    for i, cell in enumerate(cells):
        field = columns.get(i)
        if field is None:
            if i < len(headings) and headings[i] and cell not in ("", None):
                other[N.plain(headings[i])[:40]] = N.text(cell, 200)
            continue
        if cell in ("", None) or (isinstance(cell, str) and not cell.strip()):
            continue
        try:
            if field == "id_number":
                values["id_number"], values["id_valid"] = N.id_number(cell)
                if not values["id_valid"]:
                    problems.append(Problem(number, headings[i], _("%(problem)s The record is joined by name and "
                                                                   "birth date instead.") % {
                        "problem": N.id_refusal(values["id_number"])}))
            elif field == "head_id_number":
                number, valid = N.id_number(cell)
                if not valid:
                    raise ValidationError(N.id_refusal(number))
                values["head_id_number"] = number
            elif field == "period":
                values["starts_on"], values["ends_on"] = _cell(field, cell, places)
            else:
                values[field] = _cell(field, cell, places)
        except ValidationError as exc:
            problems.append(Problem(number, str(headings[i]), _message(exc)))
    if values.get("id_valid"):
        sex, born = N.from_id(values["id_number"])
        values.setdefault("sex", sex)
        values.setdefault("birth_date", born)
    if not values.get("name") and not values.get("id_valid"):
        problems.append(Problem(number, "", _("The row names nobody: it has neither a name nor a valid ID-card "
                                              "number, and is left out.")))
        return None
    if values.get("community") is not None and values.get("street") is None:
        values["street"] = values["community"].parent
    head = values.pop("head_id_number", "")
    if head and not values.get("household_number"):
        values["household_number"] = household_of_head(head)
    return values, other


def household_of_head(id_number):
    """The household key of the people a roll names under one head: stable across departments and
    imports, and saying nothing of the head's number (a keyed digest)."""
    return "HZ" + crypto.blind("id", id_number)[:12].upper()


def read(*, name, content, source, mapping=None):
    table, encoding = read_table(name, content)
    rows = [r for r in table]
    while rows and not any(str(c).strip() for c in rows[0]):
        rows.pop(0)
    if not rows:
        raise ActionRefused("bad_file", _("The file has no heading row."))
    headings = [N.plain(h) for h in rows[0]]
    columns = resolve(headings, source, mapping)
    if not {"name", "id_number"} & set(columns.values()):
        raise ActionRefused("no_person", _("No column names the person: map a column to 姓名 or 身份证号 (the headings "
                                           "are: %(h)s).") % {"h": "、".join(h for h in headings if h)})
    if len(rows) - 1 > MAX_ROWS:
        raise ActionRefused("too_big", _("At most %(n)d rows in one file.") % {"n": MAX_ROWS})
    places, problems, out = Places(), [], []
    for offset, cells in enumerate(rows[1:], start=2):
        if not any(str(c).strip() for c in cells if c is not None):
            continue
        parsed = parse_row(offset, list(cells), columns, headings, places, problems)
        if parsed is not None:
            out.append((offset, *parsed))
    return Read(out, problems, columns, headings, encoding)


def _digest(*parts):
    return hashlib.sha1(json.dumps(parts, ensure_ascii=False, default=str).encode()).hexdigest()


IDENTITY = ("id_number", "name", "sex", "birth_date")


def fingerprint(source_code, values):
    ident = values.get("id_number") if values.get("id_valid") else ""
    return _digest(source_code, ident or "", values.get("name", ""), values.get("sex", ""),
                   values.get("birth_date"), "" if ident else values.get("address", ""))


def content_digest(source_code, values, other):
    shown = {k: (v.pk if hasattr(v, "pk") else v) for k, v in sorted(values.items())}
    return _digest(source_code, shown, sorted(other.items()))


def _record(source, number, values, other, now):
    help = values.get("help") or source.help
    return Record(
        source=source, row=number, fingerprint=fingerprint(source.code, values),
        content=content_digest(source.code, values, other), name=values.get("name", ""),
        name_pinyin=N.pinyin(values.get("name", "")), sex=values.get("sex", ""),
        birth_date=values.get("birth_date"), id_number=values.get("id_number", ""),
        id_valid=bool(values.get("id_valid")), phone=values.get("phone", "") or "",
        address=values.get("address", ""), street=values.get("street"), community=values.get("community"),
        household_number=values.get("household_number", ""), relation=values.get("relation", ""),
        help=help, fact="" if help else source.fact, disability_grade=values.get("disability_grade"),
        disability_kind=values.get("disability_kind", ""), monthly_income=values.get("monthly_income"),
        household_size=values.get("household_size"), medical_selfpay=values.get("medical_selfpay"),
        amount=values.get("amount"), starts_on=values.get("starts_on"), ends_on=values.get("ends_on"),
        other=other, imported_at=now)


@dataclasses.dataclass
class Plan:
    added: int
    kept: int
    ended: int
    rows: int
    problems: list


def plan(source, parsed):
    """What applying the file would change, without changing anything."""
    digests = {content_digest(source.code, values, other) for _n, values, other in parsed.rows}
    current = set(source.records.filter(ended_on__isnull=True).values_list("content", flat=True))
    return Plan(added=len(digests - current), kept=len(digests & current), ended=len(current - digests),
                rows=len(parsed.rows), problems=parsed.problems)


def source_for(code, *, name="", unit=None, help="", fact=""):
    """The source of this code; a new code makes a new source."""
    code = N.plain(code).upper()
    if not re.fullmatch(r"[A-Z0-9][A-Z0-9_-]{0,31}", code):
        raise ActionRefused("bad_source", _("A source code is letters, digits, - and _ (at most 32), like MZ-DB."))
    if help and help not in Help.values:
        raise ActionRefused("bad_source", _("Unknown kind of help: %(v)s.") % {"v": help})
    if fact and fact not in Fact.values:
        raise ActionRefused("bad_source", _("Unknown kind of fact: %(v)s.") % {"v": fact})
    source, created = Source.objects.get_or_create(code=code, defaults={
        "name": name or code, "unit": unit, "help": help, "fact": "" if help else fact})
    return source


def upload(*, actor, source, name, content, mapping=None):
    """Read the file and keep it, encrypted, as a plan waiting for confirmation."""
    mapping = check_mapping(mapping) if mapping else {}
    parsed = read(name=name, content=content, source=source, mapping=mapping)
    run = ImportRun.objects.create(source=source, file_name=name[:200], at=timezone.now(), by=actor,
                                   content=crypto.encrypt_bytes(content), mapping=mapping, rows=len(parsed.rows),
                                   problems=[p.as_dict() for p in parsed.problems])
    audit("import.uploaded", actor=actor, target=f"assistance-source:{source.code}",
          detail={"file": name[:200], "rows": len(parsed.rows)})
    return run, parsed


def reread(run):
    return read(name=run.file_name, content=crypto.decrypt_bytes(run.content), source=run.source,
                mapping=run.mapping)


def apply(*, actor, run, link=True):
    """Replace the source's current records with the file's. One transaction: the whole file or nothing."""
    if run.state != ImportRun.PLANNED:
        raise ActionRefused("not_planned", _("This file was already applied or discarded."))
    parsed = reread(run)
    result = replace(run.source, parsed, actor=actor, run=run, file_name=run.file_name)
    if link:
        from . import linking

        linking.run()
    return result


def replace(source, parsed, *, actor=None, run=None, file_name="", now=None, batch=5000):
    now = now or timezone.now()
    with transaction.atomic():
        Source.objects.select_for_update().get(pk=source.pk)
        current = dict(source.records.filter(ended_on__isnull=True).values_list("content", "pk"))
        seen, new, moved = set(), [], []
        for number, values, other in parsed.rows:
            digest = content_digest(source.code, values, other)
            if digest in seen:
                continue  # the same row twice in one file is one record
            seen.add(digest)
            if digest in current:
                moved.append((current[digest], number))
            else:
                new.append(_record(source, number, values, other, now))
            if len(new) >= batch:
                Record.objects.bulk_create(new, batch_size=batch)
                new = []
        Record.objects.bulk_create(new, batch_size=batch)
        gone = [pk for digest, pk in current.items() if digest not in seen]
        for i in range(0, len(gone), batch):
            Record.objects.filter(pk__in=gone[i:i + batch]).update(ended_on=timezone.localdate(now))
        rows_now = {pk: number for pk, number in moved}
        changed = [r for r in Record.objects.filter(pk__in=list(rows_now)).only("pk", "row") if r.row != rows_now[r.pk]]
        for r in changed:
            r.row = rows_now[r.pk]
        update_many(Record, changed, ["row"], batch_size=batch)
        added = len(seen) - len(moved)
        if run is None:
            run = ImportRun(source=source, file_name=file_name[:200], at=now, by=actor)
        run.state, run.content = ImportRun.APPLIED, None
        run.rows, run.added, run.kept, run.ended = len(parsed.rows), added, len(moved), len(gone)
        run.problems = [p.as_dict() for p in parsed.problems]
        run.save()
    audit("import.finished", actor=actor, target=f"assistance-source:{source.code}",
          detail={"file": file_name or run.file_name, "added": added, "kept": len(moved), "ended": len(gone)})
    return run


def discard(*, actor, run):
    if run.state != ImportRun.PLANNED:
        raise ActionRefused("not_planned", _("This file was already applied or discarded."))
    run.state, run.content = ImportRun.DISCARDED, None
    run.save(update_fields=["state", "content"])
