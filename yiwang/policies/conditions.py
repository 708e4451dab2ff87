"""An article's conditions, one a line, written over an enterprise's fields and evaluated by
rule-engine (a well-kept expression library): checked when an administrator saves them, evaluated
for one enterprise with the reason of each failure ("营业收入 1,800 万元 < 2,000 万元"), and, where a
condition is made of comparisons, lists, labels and figures' arithmetic joined by and/or, compiled
to a database filter so that matching an article against every enterprise is one query.

Fields: industry (code), section (letter), size (large, medium, small, micro), above_scale, staff,
revenue, assets and registered_capital (10,000 yuan), age (years since founding), street, park,
labels (codes held and valid: "high_tech" in labels)."""
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
from django.utils.translation import gettext_lazy

T = rule_engine.DataType
FIELDS = {
    "industry": (T.STRING, gettext_lazy("industry code"), ""),
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
    "labels": (T.ARRAY(T.STRING), gettext_lazy("labels"), ""),
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
NEGATED = {"==": "≠", "!=": "=", ">=": "<", "<=": ">", ">": "≤", "<": "≥"}
LOOKUPS = {"==": "exact", ">=": "gte", "<=": "lte", ">": "gt", "<": "lt"}


def clauses(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip() and not line.strip().startswith("#")]


@functools.lru_cache(maxsize=2048)
def _rule(clause):
    """Parsed once per process: matching evaluates the same clause for every enterprise."""
    return rule_engine.Rule(clause, context=CONTEXT)


def check(text):
    """Every condition parses and names known fields, or a ValidationError naming the line."""
    problems = []
    for n, clause in enumerate(clauses(text), start=1):
        try:
            _rule(clause)
        except rule_engine.SymbolResolutionError as exc:
            problems.append(_("Line %(n)d: unknown field “%(name)s” (known: %(known)s).")
                            % {"n": n, "name": exc.symbol_name, "known": ", ".join(FIELDS)})
        except rule_engine.RuleSyntaxError as exc:
            problems.append(_("Line %(n)d: the condition does not parse (%(e)s).") % {"n": n, "e": exc.message})
        except rule_engine.EngineError as exc:
            problems.append(_("Line %(n)d: %(e)s") % {"n": n, "e": getattr(exc, "message", str(exc))})
    if problems:
        raise ValidationError({"conditions": problems})


def check_formula(text):
    if not (text or "").strip():
        return
    try:
        rule = _rule(text)
    except rule_engine.EngineError as exc:
        raise ValidationError({"formula": _("The formula does not parse (%(e)s).")
                               % {"e": getattr(exc, "message", str(exc))}}) from None
    if rule.statement.expression.result_type not in (T.FLOAT, T.UNDEFINED):
        raise ValidationError({"formula": _("The formula must give a number of yuan.")})


def facts(enterprise, today=None, labels=True):
    """The values conditions are written over; labels=False leaves the labels out (empty) when
    no condition left to evaluate names them, sparing a query per enterprise."""
    today = today or timezone.localdate()
    labels = tuple(held.label.code for held in enterprise.held_labels.all()
                   if held.valid_to is None or held.valid_to >= today) if labels else ()
    age = None
    if enterprise.founded_on:
        age = (today - enterprise.founded_on).days / 365.25
    return {"industry": enterprise.industry, "section": enterprise.section, "size": enterprise.size,
            "above_scale": enterprise.above_scale, "staff": None if enterprise.staff is None else float(enterprise.staff),
            "revenue": _float(enterprise.revenue), "assets": _float(enterprise.assets),
            "registered_capital": _float(enterprise.registered_capital), "age": age,
            "street": enterprise.street.name if enterprise.street_id else "", "park": enterprise.park, "labels": labels}


def _float(value):
    return None if value is None else float(value)


def _shown(name, value):
    if value is None:
        return _("not recorded")
    if isinstance(value, float):
        if name in ("revenue", "assets", "registered_capital", "staff"):
            return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
        return f"{value:.1f}"
    return str(value)


def reason(clause, values):
    """Why `clause` does not hold for `values`, in words: 营业收入 1,800 万元 < 2,000 万元."""
    m = COMPARISON.match(clause)
    if m and m.group(1) in FIELDS:
        name, op, literal = m.groups()
        _type, label, unit = FIELDS[name]
        expected = literal.strip('"')
        try:
            expected = _shown(name, float(expected))
        except ValueError:
            pass
        actual = _shown(name, values.get(name))
        if values.get(name) is None or (op == "!=" and literal == '""' and not values.get(name)):
            return _("%(field)s is not recorded") % {"field": label}
        unit = f" {unit}" if unit else ""
        return f"{label} {actual}{unit} {NEGATED[op]} {expected}{unit}"
    m = LABEL.match(clause)
    if m:
        return _("does not hold the label “%(label)s”") % {"label": m.group(1)}
    return _("does not meet: %(clause)s") % {"clause": clause}


def _split(text, word):
    """`text` cut at `word` (" or ", " and ") where it stands outside brackets and quotes."""
    parts, depth, quoted, last, i = [], 0, False, 0, 0
    while i < len(text):
        c = text[i]
        if c == '"':
            quoted = not quoted
        elif not quoted and c in "([":
            depth += 1
        elif not quoted and c in ")]":
            depth -= 1
        elif not quoted and depth == 0 and text.startswith(word, i):
            parts.append(text[last:i])
            last = i + len(word)
            i = last
            continue
        i += 1
    return parts + [text[last:]]


@functools.lru_cache(maxsize=2048)
def _tree(clause):
    """A clause as ("or"|"and", [children]) or ("atom", text): alternatives of conjunctions of
    comparisons, brackets allowed ('and' binds tighter, as in the rule). None when the clause is
    something else (not, calls, ...): the rule evaluates it whole."""
    text = clause.strip()
    alternatives = _split(text, " or ")
    if len(alternatives) > 1:
        children = [_tree(a) for a in alternatives]
        return None if None in children else ("or", children)
    factors = _split(text, " and ")
    if len(factors) > 1:
        children = [_tree(f) for f in factors]
        return None if None in children else ("and", children)
    if text.startswith("(") and text.endswith(")") and _split(text[1:-1], ")") == [text[1:-1]]:
        return _tree(text[1:-1])
    if "(" in text or ")" in text or text.startswith("not ") or not text:
        return None
    return ("atom", text)


def _holds(part, values):
    plain = COMPARISON.match(part)
    if plain and plain.group(1) in FIELDS and values.get(plain.group(1)) is None:
        return False  # an unknown figure meets no comparison, != included (as in the database)
    try:
        return _rule(part).matches(values)
    except rule_engine.EngineError:
        return False  # a figure the condition needs is not recorded, or a division by zero


def _holds_tree(tree, values):
    kind, body = tree
    if kind == "atom":
        return _holds(body, values)
    results = (_holds_tree(child, values) for child in body)
    return any(results) if kind == "or" else all(results)


def _why(tree, values):
    kind, body = tree
    if kind == "atom":
        return reason(body, values)
    if kind == "and":
        return "；".join(_why(child, values) for child in body if not _holds_tree(child, values))
    return _("none of these holds: %(reasons)s") % {"reasons": "；".join(_why(child, values) for child in body)}


def evaluate(text, values):
    """(eligible, [reasons of the conditions that fail]). Alternatives and conjunctions are taken
    apart so that an unknown figure fails only its own comparison, as it does in the database."""
    failed = []
    for clause in clauses(text):
        tree = _tree(clause)
        if tree is not None:
            if not _holds_tree(tree, values):
                failed.append(_why(tree, values))
            continue
        try:
            ok = _rule(clause).matches(values)
        except rule_engine.EngineError:
            ok = False
        if not ok:
            failed.append(reason(clause, values))
    return not failed, failed


def amount(article, values):
    """The article's amount for these facts: the fixed amount or the formula, within the cap."""
    if article.formula:
        try:
            value = Decimal(str(_rule(article.formula).evaluate(values)))
        except (rule_engine.EngineError, ArithmeticError, TypeError):
            return None
    else:
        value = article.amount
    if value is None:
        return None
    return max(Decimal("0"), min(value, article.cap)).quantize(Decimal("0.01"))


def compile_q(text, today=None):
    """(database filter of the conditions that compile, the ones left for Python). Alternatives
    and conjunctions compile when each comparison does: SQL's NULL fails just that comparison, as
    the rule's unknown figure does (no 'not', where the two would differ)."""
    today = today or timezone.localdate()
    q, rest = Q(), []
    for clause in clauses(text):
        tree = _tree(clause)
        compiled = _compile_tree(tree, today) if tree is not None else None
        if compiled is None:
            rest.append(clause)
        else:
            q &= compiled
    return q, rest


def _compile_tree(tree, today):
    kind, body = tree
    if kind == "atom":
        return _compile_one(body, today)
    children = [_compile_tree(child, today) for child in body]
    if None in children:
        return None
    out = children[0]
    for child in children[1:]:
        out = (out | child) if kind == "or" else (out & child)
    return out


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
        column = COLUMNS[name]
        if op == "!=":
            return ~Q(**{column: value}) & Q(**{f"{column}__isnull": False})
        return Q(**{f"{column}__{LOOKUPS[op]}": value})
    member = MEMBER.match(clause)
    if member and member.group(1) in COLUMNS:
        # NULL IN (...) meets nothing in SQL, as an unknown value is in no list in the rule
        values = [v.strip('"') if v.startswith('"') else Decimal(v) for v in re.findall(LITERAL, member.group(2) or "")]
        kind = {T.STRING: str, T.FLOAT: Decimal}.get(FIELDS[member.group(1)][0])
        if kind is None or not all(isinstance(v, kind) for v in values):
            return None  # a list of another type than the field's: left to the rule
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
