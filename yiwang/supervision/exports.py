import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from . import rates


def _pct(value):
    return "" if value is None else round(100 * value, 1)


def assessment_workbook(data):
    wb = Workbook()
    ws = wb.active
    ws.title = _("Assessment")[:31]
    ws.append([_("Monthly assessment %(first)s – %(last)s") % {"first": data["first"], "last": data["last"]}])
    ws["A1"].font = Font(bold=True)
    ws.append([_("Rank"), _("Unit"), *[f"{r.label} (%)" for r in rates.RATES], _("Score"),
               *[str(f) for f in rates.FACTS]])
    for row in data["rows"]:
        ws.append([row["rank"] or "", row["unit"].name, *[_pct(row["rates"][r.code]) for r in rates.RATES],
                   "" if row["score"] is None else round(row["score"], 1), *[row["facts"][f] for f in rates.FACTS]])
    ws.append([])
    ws.append([_("District"), "", *[_pct(data["district_rates"][r.code]) for r in rates.RATES]])
    ws.append([])
    ws.append([_("How each figure is counted")])
    for r in rates.RATES:
        ws.append([str(r.label), str(r.formula)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
