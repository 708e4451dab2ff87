"""Eligibility and warning rules over a person's and their household's facts, in the condition
language of the enterprise policies (rule-engine, one condition a line, all must hold): checked
when saved, evaluated with readable reasons. A fact not known (no income record, no line set for
the year) meets no condition, so a missing record never raises a warning by itself."""
import collections
import datetime as dt
import functools
import re

import rule_engine
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yiwang.policies.conditions import MAX_CHARS, MAX_DEPTH, MAX_LINES, clauses, depth

from .models import Fact, Grant, Help, Layer, PovertyLine, Record

T = rule_engine.DataType
FIELDS = {
    "age": (T.FLOAT, gettext_lazy("age")),
    "sex": (T.STRING, gettext_lazy("sex (M or F)")),
    "income_per_member": (T.FLOAT, gettext_lazy("household monthly income per member (yuan)")),
    "line": (T.FLOAT, gettext_lazy("allowance line of the year (yuan a month)")),
    "edge_multiple": (T.FLOAT, gettext_lazy("edge multiple of the line")),
    "household_size": (T.FLOAT, gettext_lazy("household members")),
    "medical_selfpay": (T.FLOAT, gettext_lazy("household medical self-pay in the last 12 months (yuan)")),
    "selfpay_share": (T.FLOAT, gettext_lazy("medical self-pay as a share of the household's yearly income")),
    "disability_grade": (T.FLOAT, gettext_lazy("disability grade (1 most severe)")),
    "unemployed": (T.BOOLEAN, gettext_lazy("registered unemployed")),
    "student": (T.BOOLEAN, gettext_lazy("enrolled student")),
    "students": (T.FLOAT, gettext_lazy("students in the household")),
    "death_in_household": (T.BOOLEAN, gettext_lazy("a death in the household in the last 180 days")),
    "monitored": (T.BOOLEAN, gettext_lazy("monitored against relapse")),
    "receives": (T.ARRAY(T.STRING), gettext_lazy("help the person receives")),
    "household_receives": (T.ARRAY(T.STRING), gettext_lazy("help the household receives")),
}
CONTEXT = rule_engine.Context(type_resolver=rule_engine.type_resolver_from_dict({k: v[0] for k, v in FIELDS.items()}))
IDENTIFIER = re.compile(r'"[^"]*"|\b([a-z_]+)\b')

# The rules a new district starts with (administrators edit them): (code, name, kind, help, grade, conditions).
DEFAULTS = [
    ("E-DIBAO", "低保：家庭月人均收入低于低保标准", "eligibility", Help.DIBAO, "", "income_per_member < line"),
    ("E-MEDICAL", "医疗救助：医疗自付超过收入三成的低收入家庭", "eligibility", Help.MEDICAL_AID, "",
     "selfpay_share >= 0.3\nincome_per_member < line * edge_multiple"),
    ("E-DISABILITY", "残疾人两项补贴：一、二级残疾", "eligibility", Help.DISABILITY_SUBSIDY, "", "disability_grade <= 2"),
    ("E-EDUCATION", "学生资助：低收入家庭在校学生", "eligibility", Help.EDUCATION_AID, "",
     "student\nincome_per_member < line * edge_multiple"),
    ("W-DEATH", "家庭成员死亡", "warning", "", "red", "death_in_household"),
    ("W-ILL-SEVERE", "因病：医疗自付超过家庭年收入一半", "warning", "", "red", "selfpay_share >= 0.5"),
    ("W-ILL", "因病：医疗自付超过家庭年收入三成", "warning", "", "orange", "selfpay_share >= 0.3\nselfpay_share < 0.5"),
    ("W-DISABLED", "因残：重度残疾未享受补贴", "warning", "", "orange",
     'disability_grade <= 2\nnot "disability_subsidy" in receives'),
    ("W-JOBLESS", "因失业：低收入家庭成员失业", "warning", "", "yellow",
     "unemployed\nincome_per_member < line * edge_multiple"),
    ("W-SCHOOL", "因学：低收入家庭学生未获资助", "warning", "", "yellow",
     'student\nincome_per_member < line * edge_multiple\nnot "education_aid" in household_receives'),
]


def names_in(clause):
    return {m.group(1) for m in IDENTIFIER.finditer(clause) if m.group(1) in FIELDS}


@functools.lru_cache(maxsize=1024)
def _rule(clause):
    return rule_engine.Rule(clause, context=CONTEXT)


def check(text):
    """Every line parses and names known facts, or a ValidationError naming the line and what is wrong."""
    problems, lines = [], clauses(text)
    if not lines:
        problems.append(_("Write at least one condition."))
    if len(lines) > MAX_LINES:
        problems.append(_("At most %(n)d conditions (now %(m)d).") % {"n": MAX_LINES, "m": len(lines)})
    for n, clause in enumerate(lines[:MAX_LINES], start=1):
        if depth(clause) > MAX_DEPTH or len(clause) > MAX_CHARS:
            problems.append(_("Line %(n)d: at most %(max)d characters and %(depth)d brackets deep.") % {
                "n": n, "max": MAX_CHARS, "depth": MAX_DEPTH})
            continue
        try:
            rule = _rule(clause)
        except rule_engine.SymbolResolutionError as exc:
            problems.append(_("Line %(n)d: unknown fact “%(name)s” (known: %(known)s).") % {
                "n": n, "name": exc.symbol_name, "known": ", ".join(FIELDS)})
            continue
        except (rule_engine.EngineError, RecursionError):
            problems.append(_("Line %(n)d: the condition is not written right (“%(clause)s”).") % {
                "n": n, "clause": clause})
            continue
        if rule.statement.expression.result_type not in (T.BOOLEAN, T.UNDEFINED):
            problems.append(_("Line %(n)d: a condition must be true or false, not a number or a text.") % {"n": n})
    if problems:
        raise ValidationError({"conditions": problems})


def _shown(name, value):
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, (list, tuple)):
        return "、".join(str(Help(v).label) if v in Help.values else v for v in value) or _("none")
    return str(value)


def reason(clause, values):
    """A condition that holds, in words with the values behind it."""
    named = sorted(names_in(clause))
    text = clause
    for name in named:
        text = re.sub(rf"\b{name}\b", str(FIELDS[name][1]), text)
    shown = "；".join(f"{FIELDS[n][1]} = {_shown(n, values.get(n))}" for n in named)
    return f"{text}（{shown}）" if shown else text


def evaluate(text, values):
    """(holds, reasons): every line holds, and each in words."""
    reasons = []
    for clause in clauses(text):
        if any(values.get(n) is None for n in names_in(clause)):
            return False, []
        try:
            if not _rule(clause).matches(values):
                return False, []
        except (rule_engine.EngineError, RecursionError, ArithmeticError, TypeError):
            return False, []
        reasons.append(reason(clause, values))
    return bool(reasons), reasons


# ------------------------------------------------------------------ facts

def line_of(year):
    return PovertyLine.objects.filter(year__lte=year).order_by("-year").first()


def _current(record, today):
    return record.ended_on is None and (record.ends_on is None or record.ends_on >= today)


class Facts:
    """The facts of many people at once (one query per kind of record), by person id."""

    def __init__(self, people, today=None):
        self.today = today or timezone.localdate()
        self.people = {p.pk: p for p in people}
        line = line_of(self.today.year)
        self.line = float(line.monthly) if line else None
        self.multiple = float(line.edge_multiple) if line else None
        households = {p.household_id for p in people if p.household_id}
        from .models import Person

        members = collections.defaultdict(list)
        for pk, hh in Person.objects.filter(household_id__in=households).values_list("pk", "household_id"):
            members[hh].append(pk)
        self.members = members
        everyone = set(self.people) | {m for ms in members.values() for m in ms}
        self.records = collections.defaultdict(list)
        for r in Record.objects.filter(person_id__in=everyone).only(
                "person_id", "help", "fact", "monthly_income", "household_size", "medical_selfpay", "disability_grade",
                "starts_on", "ends_on", "ended_on", "imported_at", "source_id").order_by("-imported_at", "-pk"):
            self.records[r.person_id].append(r)
        self.grants = collections.defaultdict(set)
        year_ago = self.today - dt.timedelta(days=365)
        for person, kind in Grant.objects.filter(person_id__in=everyone, given_on__gte=year_ago).values_list(
                "person_id", "help"):
            self.grants[person].add(kind)
        self._households = {}

    def receives(self, pk):
        held = {r.help for r in self.records[pk] if r.help and _current(r, self.today)}
        return sorted(held | self.grants[pk])

    def _household(self, group):
        """What a household's facts are, once per household (its members share them)."""
        key = tuple(group)
        if key in self._households:
            return self._households[key]
        incomes = []
        for m in group:
            latest = next((r for r in self.records[m] if r.monthly_income is not None and r.ended_on is None), None)
            if latest is not None:
                incomes.append(float(latest.monthly_income))
        sizes = [r.household_size for m in group for r in self.records[m] if r.household_size and r.ended_on is None]
        size = max(sizes + [len(group)])
        income = sum(incomes) / size if incomes else None
        year_ago = self.today - dt.timedelta(days=365)
        selfpay = sum(float(r.medical_selfpay) for m in group for r in self.records[m]
                      if r.medical_selfpay is not None and (r.starts_on or r.imported_at.date()) >= year_ago)
        yearly = income * size * 12 if income is not None else None
        share = None
        if yearly is not None:
            share = (selfpay / yearly) if yearly > 0 else (1.0 if selfpay > 0 else 0.0)
        recent = self.today - dt.timedelta(days=180)
        deaths = any(r.fact == Fact.DEATH and (r.starts_on or r.imported_at.date()) >= recent
                     for m in group for r in self.records[m])
        students = sum(1 for m in group if any(r.fact == Fact.SCHOOLING and _current(r, self.today)
                                               for r in self.records[m]))
        facts = {"income_per_member": income, "household_size": float(size), "medical_selfpay": selfpay,
                 "selfpay_share": share, "students": float(students), "death_in_household": deaths,
                 "household_receives": tuple(sorted({k for m in group for k in self.receives(m)}))}
        self._households[key] = facts
        return facts

    def of(self, pk):
        person = self.people[pk]
        group = self.members.get(person.household_id, [pk]) if person.household_id else [pk]
        mine = self.records[pk]
        grades = [r.disability_grade for r in mine if r.disability_grade and r.ended_on is None]
        age = None
        if person.birth_date:
            age = (self.today - person.birth_date).days / 365.25
        return {
            "age": age, "sex": person.sex or None, "line": self.line, "edge_multiple": self.multiple,
            "disability_grade": float(min(grades)) if grades else None,
            "unemployed": any(r.fact == Fact.UNEMPLOYMENT and _current(r, self.today) for r in mine),
            "student": any(r.fact == Fact.SCHOOLING and _current(r, self.today) for r in mine),
            "monitored": any(r.fact == Fact.MONITORING and _current(r, self.today) for r in mine),
            "receives": tuple(self.receives(pk)), **self._household(group),
        }


def layer(values, rigid_share):
    """The person's layer (the 2023 意见's six), most in need first."""
    receives = values["receives"]
    if Help.TEKUN in receives:
        return Layer.TEKUN
    if Help.DIBAO in receives:
        return Layer.DIBAO
    if values["monitored"]:
        return Layer.MONITORED
    income, line, multiple = values["income_per_member"], values["line"], values["edge_multiple"]
    if income is not None and line is not None and multiple is not None and income < line * multiple:
        return Layer.EDGE
    if values["selfpay_share"] is not None and values["selfpay_share"] >= rigid_share:
        return Layer.RIGID
    if values["household_receives"]:
        return Layer.OTHER
    return Layer.NONE

