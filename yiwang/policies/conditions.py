"""An article's conditions, one a line, written over an enterprise's fields and evaluated by
rule-engine (a well-kept expression library): checked when an administrator saves them (syntax,
fields, the values a field can take, length and depth), evaluated for one enterprise with the reason
of each failure in words (policies/wording.py), and, where a condition is made of comparisons,
lists, labels and figures' arithmetic joined by and/or, compiled to a database filter so that
matching an article against every enterprise is one query.

Fields: industry (code), section (letter), size (large, medium, small, micro), above_scale, staff,
revenue, assets and registered_capital (10,000 yuan), age (years since founding), street, park,
labels (codes held and valid: "high_tech" in labels).

Two rules of the registry hold in both the rule and the database: an industry condition on a
division covers its groups and classes (6210 meets `industry == "62"`), and a value not recorded
(an unclassified size, a missing figure) meets no condition, != and `not` included."""
import datetime as dt
import functools
import math
import re
from decimal import Decimal

import rule_engine
from django.core.exceptions import ValidationError
from django.db.models import F, FloatField, Q, Value
from django.db.models.functions import Cast
from django.db.models.lookups import Exact, GreaterThan, GreaterThanOrEqual, LessThan, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from yiwang.enterprises import industries

T = rule_engine.DataType
FIELDS = {
    "industry": (T.STRING, gettext_lazy("industry"), ""),
    "section": (T.STRING, gettext_lazy("industry section"), ""),
    "size": (T.STRING, gettext_lazy("size"), ""),
    "above_scale": (T.BOOLEAN, gettext_lazy("above designated size"), ""),
    "staff": (T.FLOAT, gettext_lazy("staff"), gettext_lazy("people")),
    "revenue": (T.FLOAT, gettext_lazy("revenue"), gettext_lazy("10,000 yuan")),
    "assets": (T.FLOAT, gettext_lazy("total assets"), gettext_lazy("10,000 yuan")),
    "registered_capital": (T.FLOAT, gettext_lazy("registered capital"), gettext_lazy("10,000 yuan")),
    "age": (T.FLOAT, gettext_lazy("years since founding"), gettext_lazy("years")),
    "street": (T.STRING, gettext_lazy("street"), ""),
    "park": (T.STRING, gettext_lazy("park"), ""),
    "labels": (T.ARRAY(T.STRING), pgettext_lazy("enterprise recognitions", "labels"), ""),
}
CONTEXT = rule_engine.Context(type_resolver=rule_engine.type_resolver_from_dict({k: v[0] for k, v in FIELDS.items()}))
# Database columns of the fields a plain comparison can be filtered on.
COLUMNS = {"industry": "industry", "section": "section", "size": "size", "above_scale": "above_scale",
           "staff": "staff", "revenue": "revenue", "assets": "assets", "registered_capital": "registered_capital",
           "park": "park", "street": "street__name"}
COMPARISON = re.compile(r'^\s*([a-z_]+)\s*(==|!=|>=|<=|>|<)\s*("[^"]*"|-?\d+(?:\.\d+)?|true|false)\s*$')
LABEL = re.compile(r'^\s*"([a-z0-9_-]+)"\s+in\s+labels\s*$')
# A field among listed values: 'industry in ["61", "62"]', 'staff in [1, 2]'.
LITERAL = r'"[^"]*"|-?\d+(?:\.\d+)?'
MEMBER = re.compile(rf'^\s*([a-z_]+)\s+in\s+\[\s*((?:{LITERAL})(?:\s*,\s*(?:{LITERAL}))*)?\s*,?\s*\]\s*$')
# Two figures (or a figure and a number) combined, then compared: "revenue / staff >= 50".
ARITHMETIC = re.compile(r'^\s*([a-z_]+)\s*([*/+-])\s*([a-z_]+|\d+(?:\.\d+)?)\s*(==|!=|>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$')
FIGURES = {"staff", "revenue", "assets", "registered_capital"}
LOOKUPS = {"==": "exact", ">=": "gte", "<=": "lte", ">": "gt", "<": "lt"}
# What a saved condition may be: a page of an article, not a program (a condition nested 500 deep
# passed the old check and then broke every enterprise's portal).
MAX_LINES, MAX_CHARS, MAX_DEPTH = 30, 300, 8
IDENTIFIER = re.compile(r'"[^"]*"|\b([a-z_]+)\b')


def clauses(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip() and not line.strip().startswith("#")]


# ------------------------------------------------------------------ the registry's two rules

def _industry_regex(match):
    field, op, literal = match.group(1), match.group(2), match.group(3)
    codes = re.findall(r'"(\d{2,4})"', literal)
    if not codes or len(codes) != len(re.findall(r'"[^"]*"', literal)):
        return match.group(0)
    pattern = "^(" + "|".join(codes) + ")"
    return f'{field} {"!~" if op == "!=" else "=~"} "{pattern}"'


INDUSTRY_TEST = re.compile(r'\b(industry)\s*(==|!=|\bin\b)\s*("[^"]*"|\[[^\]]*\])')


def rewritten(clause):
    """The clause as the rule evaluates it: an industry compared with a division, group or class
    matches every code under it (6210 meets `industry == "62"`)."""
    return INDUSTRY_TEST.sub(_industry_regex, clause)


def depth(text):
    deepest = level = 0
    quoted = False
    for c in text:
        if c == '"':
            quoted = not quoted
        elif not quoted and c in "([":
            level += 1
            deepest = max(deepest, level)
        elif not quoted and c in ")]":
            level -= 1
    return deepest


def names_in(clause):
    """The fields a clause names."""
    return {m.group(1) for m in IDENTIFIER.finditer(clause) if m.group(1) in FIELDS}


@functools.lru_cache(maxsize=2048)
def _rule(clause):
    """Parsed once per process: matching evaluates the same clause for every enterprise."""
    return rule_engine.Rule(rewritten(clause), context=CONTEXT)


# ------------------------------------------------------------------ checking

def _engine_problem(n, exc, clause):
    if isinstance(exc, rule_engine.SymbolResolutionError):
        return _("Line %(n)d: unknown field “%(name)s” (known: %(known)s).") % {
            "n": n, "name": exc.symbol_name, "known": ", ".join(FIELDS)}
    if isinstance(exc, rule_engine.AttributeResolutionError):
        return _("Line %(n)d: a field has no part called “%(name)s”.") % {"n": n, "name": exc.attribute_name}
    if isinstance(exc, rule_engine.RuleSyntaxError):
        token = getattr(exc, "token", None)
        if token is None:
            return _("Line %(n)d: the condition stops before it is complete (“%(clause)s”).") % {
                "n": n, "clause": clause}
        return _("Line %(n)d: the condition is not written right near character %(at)d (“%(near)s”).") % {
            "n": n, "at": token.lexpos + 1, "near": clause[max(0, token.lexpos - 8):token.lexpos + 8]}
    if isinstance(exc, rule_engine.EvaluationError):
        return _("Line %(n)d: the two sides of a comparison are of different kinds (a number against text, say) in "
                 "“%(clause)s”.") % {"n": n, "clause": clause}
    return _("Line %(n)d: the condition cannot be checked (“%(clause)s”).") % {"n": n, "clause": clause}


def _known_values():
    from yiwang.enterprises.models import Label
    from yiwang.orgs.models import Unit

    return {"size": set(industries.KNOWN_SIZES), "section": {s for s, _name in industries.sections()},
            "labels": set(Label.objects.values_list("code", flat=True)),
            "label_names": dict(Label.objects.values_list("code", "name")),
            "street": set(Unit.objects.filter(kind=Unit.Kind.STREET).values_list("name", flat=True))}


def _value_problems(n, clause, known):
    """The values a field cannot take ("big" for a size, an unknown label), which would silently
    match nobody."""
    out = []
    pairs = [(f, v) for f, v in re.findall(r'\b(size|section|street|industry)\s*(?:==|!=)\s*"([^"]*)"', clause)]
    for f, values in re.findall(r'\b(size|section|street|industry)\s+in\s+\[([^\]]*)\]', clause):
        pairs += [(f, v) for v in re.findall(r'"([^"]*)"', values)]
    pairs += [("labels", v) for v in re.findall(r'"([^"]*)"\s+in\s+labels', clause)]
    for f, value in pairs:
        if f == "industry":
            if not industries.is_known(value):
                out.append(_("Line %(n)d: %(v)s is not an industry code of GB/T 4754-2017.") % {"n": n, "v": value})
        elif value not in known[f]:
            shown = sorted(known[f])[:12] if f != "labels" else [f"{name}（{code}）" for code, name in
                                                                 sorted(known["label_names"].items())]
            out.append(_("Line %(n)d: %(field)s cannot be “%(v)s” (it can be: %(known)s).") % {
                "n": n, "field": FIELDS[f][1], "v": value, "known": "、".join(shown)})
    return out


def check(text):
    """Every condition parses, names known fields and values they can take, and stays within the
    limits of length and nesting, or a ValidationError naming the line and what is wrong."""
    problems, lines = [], clauses(text)
    if len(lines) > MAX_LINES:
        problems.append(_("At most %(n)d conditions (now %(m)d).") % {"n": MAX_LINES, "m": len(lines)})
    known = None
    for n, clause in enumerate(lines[:MAX_LINES], start=1):
        if depth(clause) > MAX_DEPTH:
            problems.append(_("Line %(n)d: brackets at most %(max)d deep.") % {"n": n, "max": MAX_DEPTH})
            continue
        if len(clause) > MAX_CHARS:
            problems.append(_("Line %(n)d: at most %(max)d characters (now %(len)d); split it into lines, which all "
                              "must hold.") % {"n": n, "max": MAX_CHARS, "len": len(clause)})
            continue
        try:
            _rule(clause)
        except (rule_engine.EngineError, RecursionError) as exc:
            problems.append(_engine_problem(n, exc, clause))
            continue
        known = known or _known_values()
        problems += _value_problems(n, clause, known)
    if problems:
        raise ValidationError({"conditions": problems})


def check_formula(text):
    if not (text or "").strip():
        return
    if len(text) > MAX_CHARS or depth(text) > MAX_DEPTH:
        raise ValidationError({"formula": _("The formula is at most %(max)d characters and %(depth)d brackets deep.")
                               % {"max": MAX_CHARS, "depth": MAX_DEPTH}})
    try:
        rule = _rule(text)
    except rule_engine.SymbolResolutionError as exc:
        raise ValidationError({"formula": _("The formula names an unknown field “%(name)s” (known: %(known)s).") % {
            "name": exc.symbol_name, "known": ", ".join(FIELDS)}}) from None
    except (rule_engine.EngineError, RecursionError) as exc:
        raise ValidationError({"formula": _engine_problem(1, exc, text).split("：", 1)[-1]}) from None
    if rule.statement.expression.result_type not in (T.FLOAT, T.UNDEFINED):
        raise ValidationError({"formula": _("The formula must give a number of yuan.")})


# ------------------------------------------------------------------ evaluating

def facts(enterprise, today=None, labels=True):
    """The values conditions are written over; labels=False leaves the labels out (empty) when
    no condition left to evaluate names them, sparing a query per enterprise."""
    today = today or timezone.localdate()
    labels = tuple(held.label.code for held in enterprise.held_labels.all()
                   if held.valid_to is None or held.valid_to >= today) if labels else ()
    age = None
    if enterprise.founded_on:
        age = (today - enterprise.founded_on).days / 365.25
    return {"industry": enterprise.industry, "section": enterprise.section,
            "size": None if enterprise.size == industries.UNCLASSIFIED else enterprise.size,
            "above_scale": enterprise.above_scale, "staff": None if enterprise.staff is None else float(enterprise.staff),
            "revenue": _float(enterprise.revenue), "assets": _float(enterprise.assets),
            "registered_capital": _float(enterprise.registered_capital), "age": age,
            "street": enterprise.street.name if enterprise.street_id else "", "park": enterprise.park, "labels": labels,
            "_missing": [str(f) for f in enterprise.size_missing]}


def _float(value):
    return None if value is None else float(value)


def _split(text, word):
    """`text` cut at `word` (" or ", " and ") where it stands outside brackets and quotes."""
    parts, level, quoted, last, i = [], 0, False, 0, 0
    while i < len(text):
        c = text[i]
        if c == '"':
            quoted = not quoted
        elif not quoted and c in "([":
            level += 1
        elif not quoted and c in ")]":
            level -= 1
        elif not quoted and level == 0 and text.startswith(word, i):
            parts.append(text[last:i])
            last = i + len(word)
            i = last
            continue
        i += 1
    return parts + [text[last:]]


@functools.lru_cache(maxsize=2048)
def tree(clause):
    """A clause as ("or"|"and", [children]) or ("atom", text): alternatives of conjunctions of
    comparisons, brackets allowed ('and' binds tighter, as in the rule). None when the clause is
    something else (not, calls, ...): the rule evaluates it whole."""
    if depth(clause) > MAX_DEPTH:
        return None
    text = clause.strip()
    alternatives = _split(text, " or ")
    if len(alternatives) > 1:
        children = [tree(a) for a in alternatives]
        return None if None in children else ("or", children)
    factors = _split(text, " and ")
    if len(factors) > 1:
        children = [tree(f) for f in factors]
        return None if None in children else ("and", children)
    if text.startswith("(") and text.endswith(")") and _split(text[1:-1], ")") == [text[1:-1]]:
        return tree(text[1:-1])
    if "(" in text or ")" in text or text.startswith("not ") or not text:
        return None
    return ("atom", text)


def holds(part, values):
    """One clause (or atom) for these values. A value not recorded meets nothing, != and `not`
    included (as in the database), and a condition that cannot be evaluated does not hold."""
    if any(values.get(name) is None for name in names_in(part)):
        return False
    try:
        return bool(_rule(part).matches(values))
    except (rule_engine.EngineError, RecursionError, ArithmeticError, TypeError):
        return False


def holds_tree(node, values):
    kind, body = node
    if kind == "atom":
        return holds(body, values)
    results = (holds_tree(child, values) for child in body)
    return any(results) if kind == "or" else all(results)


def evaluate(text, values):
    """(eligible, [reasons in words of the conditions that fail]). Alternatives and conjunctions
    are taken apart so that an unknown figure fails only its own comparison, as it does in the
    database."""
    from . import wording

    failed = []
    for clause in clauses(text):
        node = tree(clause)
        ok = holds_tree(node, values) if node is not None else holds(clause, values)
        if not ok:
            failed.append(wording.why(node, clause, values))
    return not failed, failed


def amount(article, values):
    """The article's amount for these facts: the fixed amount or the formula, within the cap."""
    if article.formula:
        try:
            value = Decimal(str(_rule(article.formula).evaluate(values)))
        except (rule_engine.EngineError, RecursionError, ArithmeticError, TypeError, ValueError):
            return None
    else:
        value = article.amount
    if value is None:
        return None
    return max(Decimal("0"), min(value, article.cap)).quantize(Decimal("0.01"))


# ------------------------------------------------------------------ compiling

def compile_q(text, today=None):
    """(database filter of the conditions that compile, the ones left for Python). Alternatives
    and conjunctions compile when each comparison does: SQL's NULL fails just that comparison, as
    the rule's unknown figure does (no 'not', where the two would differ)."""
    today = today or timezone.localdate()
    q, rest = Q(), []
    for clause in clauses(text):
        node = tree(clause)
        compiled = _compile_tree(node, today) if node is not None else None
        if compiled is None:
            rest.append(clause)
        else:
            q &= compiled
    return q, rest


def _compile_tree(node, today):
    kind, body = node
    if kind == "atom":
        return _compile_one(body, today)
    children = [_compile_tree(child, today) for child in body]
    if None in children:
        return None
    out = children[0]
    for child in children[1:]:
        out = (out | child) if kind == "or" else (out & child)
    return out


def _industry_q(codes):
    q = Q(pk__in=[])
    for code in codes:
        q |= Q(industry__startswith=code)
    return q


def _compile_one(clause, today):
    """The database filter of one comparison, label or figures' arithmetic, or None."""
    m = COMPARISON.match(clause)
    if m and (m.group(1) in COLUMNS or m.group(1) == "age"):
        name, op, literal = m.groups()
        value = True if literal == "true" else False if literal == "false" else (
            literal.strip('"') if literal.startswith('"') else Decimal(literal))
        if name == "age":
            # age is days / 365.25 (facts()); the same comparison on whole days d:
            # d >= x when d >= ceil(x), d > x when d >= floor(x) + 1, and so on.
            x = float(value) * 365.25
            days = {">=": ("lte", math.ceil(x)), ">": ("lte", math.floor(x) + 1),
                    "<=": ("gte", math.floor(x)), "<": ("gte", math.ceil(x) - 1)}
            if op not in days:
                return None
            lookup, d = days[op]
            return Q(**{f"founded_on__{lookup}": today - dt.timedelta(days=d)}) & Q(founded_on__isnull=False)
        if name == "industry" and op in ("==", "!="):
            return _industry_q([value]) if op == "==" else ~_industry_q([value])
        column = COLUMNS[name]
        recorded = Q(size__in=industries.KNOWN_SIZES) if name == "size" else Q(**{f"{column}__isnull": False})
        if op == "!=":
            return ~Q(**{column: value}) & recorded
        return Q(**{f"{column}__{LOOKUPS[op]}": value}) & recorded
    member = MEMBER.match(clause)
    if member and member.group(1) in COLUMNS:
        # NULL IN (...) meets nothing in SQL, as an unknown value is in no list in the rule
        values = [v.strip('"') if v.startswith('"') else Decimal(v) for v in re.findall(LITERAL, member.group(2) or "")]
        kind = {T.STRING: str, T.FLOAT: Decimal}.get(FIELDS[member.group(1)][0])
        if kind is None or not all(isinstance(v, kind) for v in values):
            return None  # a list of another type than the field's: left to the rule
        if member.group(1) == "industry":
            return _industry_q(values)
        return Q(**{f"{COLUMNS[member.group(1)]}__in": values}) if values else Q(pk__in=[])
    arithmetic = _arithmetic(clause)
    if arithmetic is not None:
        return arithmetic
    label = LABEL.match(clause)
    if label:
        from yiwang.enterprises.models import EnterpriseLabel

        return Q(pk__in=EnterpriseLabel.objects.filter(label__code=label.group(1)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=today)).values("enterprise"))
    return None


def _arithmetic(clause):
    """The database filter of "a op b cmp n" over the figures, or None. As in the rule: an unknown
    figure meets nothing, and dividing by zero meets nothing."""
    m = ARITHMETIC.match(clause)
    if not m or m.group(1) not in FIGURES or not (m.group(3) in FIGURES or m.group(3)[0].isdigit()):
        return None
    left, op, right, cmp, number = m.groups()

    def operand(token):
        return Cast(F(COLUMNS[token]), FloatField()) if token in FIGURES else Value(float(token), FloatField())

    a, b = operand(left), operand(right)
    expression = {"*": a * b, "/": a / b, "+": a + b, "-": a - b}[op]
    lookups = {"==": Exact, ">=": GreaterThanOrEqual, "<=": LessThanOrEqual, ">": GreaterThan, "<": LessThan}
    guard = Q(**{f"{COLUMNS[left]}__isnull": False})
    if right in FIGURES:
        guard &= Q(**{f"{COLUMNS[right]}__isnull": False})
    if op == "/":
        if right in FIGURES:
            guard &= ~Q(**{COLUMNS[right]: 0})
        elif float(right) == 0:
            return Q(pk__in=[])
    if cmp == "!=":
        return guard & ~Q(Exact(expression, float(number)))
    return guard & Q(lookups[cmp](expression, float(number)))
