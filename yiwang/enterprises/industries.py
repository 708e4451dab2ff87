"""GB/T 4754-2017 国民经济行业分类 as data (the 20 sections and 97 divisions, data/gbt4754_2017.json),
and the size classes of the 2017 statistical rules held as data per industry (data/size_rules.json):
the size of an enterprise is computed from its industry, staff, revenue and assets, never typed in."""
import functools
import json
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).resolve().parent / "data"
SIZES = [("large", _("Large")), ("medium", _("Medium")), ("small", _("Small")), ("micro", _("Micro")),
         ("unclassified", _("Not classified"))]
KNOWN_SIZES = ("large", "medium", "small", "micro")
UNCLASSIFIED = "unclassified"
INDICATORS = {"staff": _("staff"), "revenue": _("revenue (10,000 yuan)"), "assets": _("total assets (10,000 yuan)")}


@functools.lru_cache(maxsize=1)
def standard():
    return json.loads((DATA / "gbt4754_2017.json").read_text("utf-8"))


@functools.lru_cache(maxsize=1)
def size_rules():
    return json.loads((DATA / "size_rules.json").read_text("utf-8"))


@functools.lru_cache(maxsize=1)
def _divisions():
    return {d["code"]: (s["code"], s["name"], d["name"]) for s in standard()["sections"] for d in s["divisions"]}


def division_by_name(name):
    """The division code whose name is `name` (“通用设备制造业”, or without its 业), or None."""
    wanted = (name or "").strip()
    for code, (_section, _section_name, division) in _divisions().items():
        if wanted and wanted in (division, division.rstrip("业")):
            return code
    return None


def section_name(letter):
    return next((s["name"] for s in standard()["sections"] if s["code"] == letter), "")


def sections():
    return [(s["code"], s["name"]) for s in standard()["sections"]]


def division_choices():
    """[(section label, [(division code, "code name")])] for a grouped select."""
    return [(f"{s['code']} {s['name']}", [(d["code"], f"{d['code']} {d['name']}") for d in s["divisions"]])
            for s in standard()["sections"]]


def is_known(code):
    """An industry code: a division (two digits), or a group or class under a known division."""
    code = (code or "").strip()
    return code.isdigit() and 2 <= len(code) <= 4 and code[:2] in _divisions()


def section_of(code):
    found = _divisions().get((code or "")[:2])
    return found[0] if found else ""


def name_of(code):
    found = _divisions().get((code or "")[:2])
    return found[2] if found else ""


def _matches(prefix, code):
    if prefix == "":
        return True
    if prefix.isalpha():
        return section_of(code) == prefix
    return code.startswith(prefix)


def _rule(rules, code):
    """The most specific rule: the longest numeric prefix, then a section letter, then the default."""
    def specificity(rule):
        best = -1
        for p in rule["prefixes"]:
            if _matches(p, code):
                best = max(best, 100 + len(p) if p.isdigit() else (1 if p else 0))
        return best
    scored = [(specificity(r), i, r) for i, r in enumerate(rules)]
    scored = [s for s in scored if s[0] >= 0]
    return max(scored, key=lambda s: (s[0], -s[1]))[2] if scored else None


def _meets(values, bounds):
    return all(values.get(k) is not None and Decimal(values[k]) >= Decimal(str(v)) for k, v in bounds.items())


def _size(rule, values):
    for size in ("large", "medium", "small"):
        if _meets(values, rule[size]):
            return size
    return "micro"


def classify(code, staff=None, revenue=None, assets=None):
    """(size code, rule name): the size class by the 2017 rules, or UNCLASSIFIED when a figure the
    rule needs is not recorded and would change the answer: the class is the same whether the
    missing figure is nought or enormous, or it is not known (an enterprise with no figures is not
    micro, and meets no size condition)."""
    rule = _rule(size_rules()["rules"], code or "")
    values = {"staff": staff, "revenue": revenue, "assets": assets}
    low = _size(rule, {k: 0 if v is None else v for k, v in values.items()})
    high = _size(rule, {k: 10 ** 15 if v is None else v for k, v in values.items()})
    return (low if low == high else UNCLASSIFIED), rule["name"]


def missing_figures(code, staff=None, revenue=None, assets=None):
    """The figures the size rule of this industry uses that are not recorded, by their labels."""
    rule = _rule(size_rules()["rules"], code or "")
    used = {k for size in ("large", "medium", "small") for k in rule[size]}
    values = {"staff": staff, "revenue": revenue, "assets": assets}
    return [INDICATORS[k] for k in ("staff", "revenue", "assets") if k in used and values[k] is None]


def above_scale(code, revenue=None):
    """规模以上 (or 限额以上): revenue at the statistical threshold of its industry."""
    rule = _rule(size_rules()["above_scale"]["rules"], code or "")
    if rule is None or revenue is None:
        return False
    return Decimal(revenue) >= Decimal(str(rule["revenue"]))
