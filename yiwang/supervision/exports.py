"""The monthly assessment in Excel: Chinese headers, rates in per cent, every fact counted."""
from django.utils.translation import gettext as _

from yiwang.documents.excel import Sheet

from . import rates


def _pct(value):
    return "" if value is None else round(100 * value, 1)


def assessment_workbook(data):
    heading = _("Monthly assessment %(first)s – %(last)s") % {"first": data["first"], "last": data["last"]}
    if data.get("partial"):
        heading += _(" (month not over: figures up to %(d)s)") % {"d": data["last"]}
    headers = [_("Rank"), _("Unit"), *[f"{r.label} (%)" for r in rates.RATES], _("Score"), _("Too few to rank"),
               *[str(rates.FACT_LABELS[f]) for f in rates.FACTS]]
    sheet = Sheet(_("Assessment"), headers, widths=[6, 24, *[12] * len(rates.RATES), 8, 10, *[14] * len(rates.FACTS)],
                  heading=heading)
    for row in data["rows"]:
        sheet.row([row["rank"] or "", row["unit"].name, *[_pct(row["rates"][r.code]) for r in rates.RATES],
                   "" if row["score"] is None else round(row["score"], 1), _("yes") if row["few"] else "",
                   *[row["facts"][f] for f in rates.FACTS]])
    sheet.blank()
    sheet.row([_("District"), "", *[_pct(data["district_rates"][r.code]) for r in rates.RATES], "", "",
               *[data["district"][f] for f in rates.FACTS]])
    sheet.blank()
    sheet.bold(sheet.row([_("How each figure is counted")]))
    for r in rates.RATES:
        sheet.row([str(r.label), str(r.formula)])
    return sheet.content()
