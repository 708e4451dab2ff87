"""An article's conditions in words, for the staff who write them and the enterprises they are read
to: what a condition asks ("企业规模为小型或微型", "营业收入 ≥ 2,000 万元", "具备“高新技术企业”资质")
and why an enterprise fails it ("营业收入 1,800 万元 < 2,000 万元", "企业规模为中型，不属于小型、微型",
"行业 3911（计算机、通信和其他电子设备制造业）不属于 62 餐饮业"). Never a code, a float or an
expression: a condition the words below do not know is described field by field."""
import re

from django.utils.translation import gettext as _

from yiwang.enterprises import industries

from . import conditions as C

OPERATORS = {"==": "=", "!=": "≠", ">=": "≥", "<=": "≤", ">": ">", "<": "<"}
NEGATED = {"==": "≠", "!=": "=", ">=": "<", "<=": ">", ">": "≤", "<": "≥"}


def _field(name):
    return str(C.FIELDS[name][1])


def _size(code):
    return str(dict(industries.SIZES).get(code, code))


def _industry(code):
    name = industries.name_of(code)
    return f"{code} {name}" if name else code


def _label(code):
    from yiwang.enterprises.models import Label

    found = Label.objects.filter(code=code).values_list("name", flat=True).first()
    return found or code


def _number(name, value):
    value = float(value)
    text = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
    unit = str(C.FIELDS[name][2]) if name in C.FIELDS else ""
    return f"{text} {unit}".strip() if unit else text


def _value(name, literal):
    """A literal of a condition, as the field's values read."""
    if literal in ("true", "false"):
        return _("yes") if literal == "true" else _("no")
    text = literal.strip('"')
    if name == "size":
        return _size(text)
    if name == "industry":
        return _industry(text)
    if name == "section":
        return f"{text} {industries.section_name(text)}"
    if name == "labels":
        return f"“{_label(text)}”"
    if re.fullmatch(r"-?\d+(?:\.\d+)?", text) and name in C.FIELDS:
        return _number(name, text)
    return text


def _values(name, listed):
    return "、".join(_value(name, v) for v in re.findall(C.LITERAL, listed or ""))


def describe(clause):
    """What a condition asks, in words."""
    clause = clause.strip()
    m = C.COMPARISON.match(clause)
    if m and m.group(1) in C.FIELDS:
        name, op, literal = m.groups()
        if name == "above_scale":
            wanted = (literal == "true") == (op == "==")
            return _("above designated size (规上/限上)") if wanted else _("not above designated size")
        if name == "industry" and op in ("==", "!="):
            return (_("industry within %(v)s") if op == "==" else _("industry outside %(v)s")) % {
                "v": _value(name, literal)}
        return f"{_field(name)} {OPERATORS[op]} {_value(name, literal)}"
    m = C.MEMBER.match(clause)
    if m and m.group(1) in C.FIELDS:
        return _("%(field)s is one of %(values)s") % {"field": _field(m.group(1)), "values": _values(m.group(1),
                                                                                                    m.group(2))}
    m = C.LABEL.match(clause)
    if m:
        return _("holds the label “%(label)s”") % {"label": _label(m.group(1))}
    node = C.tree(clause)
    if node is not None and node[0] != "atom":
        joined = _(" and ") if node[0] == "and" else _(" or ")
        return joined.join(_bracketed(child) for child in node[1])
    if clause.startswith("not "):
        return _("not: %(what)s") % {"what": describe(clause[4:].strip().removeprefix("(").removesuffix(")"))}
    return _generic(clause)


def _bracketed(node):
    kind, body = node
    if kind == "atom":
        return describe(body)
    joined = _(" and ") if kind == "and" else _(" or ")
    return "（" + joined.join(_bracketed(child) for child in body) + "）"


def _generic(clause):
    """Any other condition, word by word: fields by their names, operators as signs."""
    def word(m):
        token = m.group(0)
        if token.startswith('"'):
            return token.strip('"')
        if token in C.FIELDS:
            return _field(token)
        return {"and": _(" and "), "or": _(" or "), "not": _("not "), "true": _("yes"), "false": _("no"),
                "==": "=", "!=": "≠", ">=": "≥", "<=": "≤", "*": "×", "/": "÷"}.get(token, token)
    return re.sub(r'"[^"]*"|[a-z_]+|==|!=|>=|<=|\*|/', word, clause).replace("  ", " ").strip()


def _unclassified(values):
    missing = values.get("_missing") or []
    return (_("the size is not classified (no %(figures)s recorded)") % {"figures": "、".join(missing)}
            if missing else _("the size is not classified"))


def _reason_of_atom(clause, values):
    if values.get("size") is None and "size" in C.names_in(clause):
        return _unclassified(values)
    m = C.COMPARISON.match(clause)
    if m and m.group(1) in C.FIELDS:
        name, op, literal = m.groups()
        actual = values.get(name)
        if actual is None or (isinstance(actual, str) and actual == "" and name in ("street", "park")):
            return _("%(field)s is not recorded") % {"field": _field(name)}
        if name == "above_scale":
            return _("it is above designated size") if actual else _("it is not above designated size")
        if name == "size":
            if op == "==":
                return _("the size is %(actual)s, not %(wanted)s") % {"actual": _size(actual),
                                                                       "wanted": _value(name, literal)}
            return _("the size is %(actual)s") % {"actual": _size(actual)}
        if name in ("section", "street") and op == "==":
            return _("%(field)s is %(actual)s, not %(wanted)s") % {
                "field": _field(name), "actual": _value(name, f'"{actual}"'), "wanted": _value(name, literal)}
        if name == "industry" and op in ("==", "!="):
            if op == "==":
                return _("the industry %(actual)s is not within %(wanted)s") % {"actual": _industry(actual),
                                                                               "wanted": _value(name, literal)}
            return _("the industry %(actual)s is within %(wanted)s") % {"actual": _industry(actual),
                                                                       "wanted": _value(name, literal)}
        if isinstance(actual, float):
            shown = _number(name, actual) if name != "age" else f"{actual:.1f} {C.FIELDS[name][2]}"
        else:
            shown = _value(name, f'"{actual}"')
        return f"{_field(name)} {shown} {NEGATED[op]} {_value(name, literal)}"
    m = C.MEMBER.match(clause)
    if m and m.group(1) in C.FIELDS:
        name = m.group(1)
        actual = values.get(name)
        if actual is None:
            return _("%(field)s is not recorded") % {"field": _field(name)}
        return _("%(field)s is %(actual)s, not one of %(values)s") % {
            "field": _field(name), "actual": _value(name, f'"{actual}"') if isinstance(actual, str)
            else _number(name, actual), "values": _values(name, m.group(2))}
    m = C.LABEL.match(clause)
    if m:
        return _("does not hold the label “%(label)s”") % {"label": _label(m.group(1))}
    missing = [n for n in C.names_in(clause) if values.get(n) is None]
    if missing:
        return _("%(field)s is not recorded") % {"field": "、".join(_field(n) for n in sorted(missing))}
    return _("does not meet: %(what)s") % {"what": describe(clause)}


def why(node, clause, values):
    """Why a clause does not hold for these values, in words."""
    if node is None:
        return _reason_of_atom(clause, values)
    kind, body = node
    if kind == "atom":
        return _reason_of_atom(body, values)
    if kind == "and":
        return "；".join(why(child, None, values) for child in body if not C.holds_tree(child, values))
    return _("none of these holds: %(reasons)s") % {"reasons": "；".join(why(child, None, values) for child in body)}


# ------------------------------------------------------------------ the conditions form

# The operators a form row offers, and the words it shows them by.
FORM_OPERATORS = [("==", "="), ("!=", "≠"), (">=", "≥"), ("<=", "≤"), (">", ">"), ("<", "<"), ("in", "属于其一")]
FORM_FIELDS = [f for f in C.FIELDS if f != "labels"] + ["labels"]


def compose(field, op, value):
    """One condition from a form row (field, operator, value as typed: 小型, 6210, 高新技术企业,
    2,000, 是), or a ValueError saying what is wrong with the row."""
    from yiwang.enterprises.models import Label

    text = (value or "").strip()
    if field not in C.FIELDS:
        raise ValueError(_("choose a field"))
    if not text:
        raise ValueError(_("give a value"))
    if field == "labels":
        found = Label.objects.filter(name=text).values_list("code", flat=True).first() or text
        return f'"{found}" in labels'
    if op not in dict(FORM_OPERATORS):
        raise ValueError(_("choose an operator"))
    kind = C.FIELDS[field][0]
    if kind == C.T.BOOLEAN:
        wanted = text.lower() in ("是", "yes", "true", "1")
        if text.lower() not in ("是", "否", "yes", "no", "true", "false", "1", "0"):
            raise ValueError(_("answer yes (是) or no (否)"))
        return f"{field} == {'true' if wanted else 'false'}" if op in ("==", "in") else (
            f"{field} == {'false' if wanted else 'true'}")
    items = [v.strip() for v in re.split(r"[,，、;；]", text) if v.strip()] if op == "in" else [text]
    literals = []
    for item in items:
        if kind == C.T.FLOAT:
            number = item.replace(",", "")
            if not re.fullmatch(r"-?\d+(?:\.\d+)?", number):
                raise ValueError(_("“%(v)s” is not a number") % {"v": item})
            literals.append(number)
        else:
            if field == "size":
                item = {str(label): code for code, label in industries.SIZES}.get(item, item)
            if '"' in item:
                raise ValueError(_("a value cannot hold a double quote"))
            literals.append(f'"{item}"')
    if op == "in":
        return f"{field} in [{', '.join(literals)}]"
    if kind != C.T.FLOAT and op not in ("==", "!="):
        raise ValueError(_("%(field)s is compared with = or ≠") % {"field": _field(field)})
    return f"{field} {op} {literals[0]}"


def decompose(clause):
    """(field, operator, value as a person types it) of a condition a form row can show, or None."""
    m = C.LABEL.match(clause)
    if m:
        return "labels", "in", _label(m.group(1))
    m = C.COMPARISON.match(clause)
    if m and m.group(1) in C.FIELDS:
        name, op, literal = m.groups()
        if name == "above_scale":
            return name, "==", "是" if (literal == "true") == (op == "==") else "否"
        return name, op, _size(literal.strip('"')) if name == "size" else literal.strip('"')
    m = C.MEMBER.match(clause)
    if m and m.group(1) in C.FIELDS:
        values = [v.strip('"') for v in re.findall(C.LITERAL, m.group(2) or "")]
        if m.group(1) == "size":
            values = [_size(v) for v in values]
        return m.group(1), "in", "、".join(values)
    return None


def split_for_form(text, rows=6):
    """(form rows, the rest as expressions) of an article's conditions."""
    simple, rest = [], []
    for clause in C.clauses(text):
        parts = decompose(clause)
        (simple if parts and len(simple) < rows else rest).append(parts or clause)
    return simple + [("", "", "")] * (rows - len(simple)), "\n".join(rest)
