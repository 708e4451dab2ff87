"""What every Excel export shares: one way to build a sheet, the download response and how a
moment is written.

One rule for every cell (Sheet.row): text that a spreadsheet would run as a formula (it begins
with =, +, -, @, a tab or a carriage return) is written as plain text, so a citizen's
"=HYPERLINK(…)" typed into a public form never becomes a live formula in a supervisor's export;
a moment becomes a real Excel date in local time; an amount (Decimal) stays a number, shown with
its separators and two places, so a column of money sums; the header row is bold and frozen."""
import datetime as dt
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "yyyy-mm-dd hh:mm"


def xlsx_response(content, filename):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def stamp():
    """The time part of an export's file name: when it was made, local time."""
    return f"{timezone.localtime():%Y%m%d-%H%M}"


def local_time(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def cell_value(value):
    """A value as a cell holds it: aware moments in local time without their zone (Excel has none)."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal, dt.date)) and not isinstance(value, bool):
        return value
    return str(value)


class Sheet:
    """sheet = Sheet(_("Work orders"), headers, widths=...); sheet.row([...]); sheet.content()"""

    def __init__(self, title, headers=(), widths=(), heading=None):
        self.book = Workbook()
        self.ws = self.book.active
        self.ws.title = str(title)[:31]
        self.next_row = 1
        if heading:
            self.row([heading])
            self.ws.cell(row=1, column=1).font = Font(bold=True, size=13)
        if headers:
            self.bold(self.row(headers))
            self.ws.freeze_panes = self.ws.cell(row=self.next_row, column=1)
        for index, width in enumerate(widths, start=1):
            self.ws.column_dimensions[self.ws.cell(row=1, column=index).column_letter].width = width

    def row(self, values, wrap=()):
        r, self.next_row = self.next_row, self.next_row + 1
        for c, value in enumerate(values, start=1):
            cell = self.ws.cell(row=r, column=c)
            _write(cell, cell_value(value))
            if c in wrap:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        return r

    def blank(self):
        self.next_row += 1

    def bold(self, row):
        for cell in self.ws[row]:
            cell.font = Font(bold=True)

    def content(self):
        out = io.BytesIO()
        self.book.save(out)
        return out.getvalue()


class StreamSheet:
    """A sheet written row by row to a file (openpyxl's write-only mode): memory stays bounded
    however many rows an export holds. Cells are typed as Sheet types them."""

    def __init__(self, title, headers=(), widths=()):
        from openpyxl.cell import WriteOnlyCell

        self._cell = WriteOnlyCell
        self.book = Workbook(write_only=True)
        self.ws = self.book.create_sheet(str(title)[:31])
        for index, width in enumerate(widths, start=1):
            self.ws.column_dimensions[Cell(self.ws, row=1, column=index).column_letter].width = width
        if headers:
            self.ws.freeze_panes = "A2"
            self.row(headers, bold=True)

    def row(self, values, bold=False):
        cells = []
        for value in values:
            cell = self._cell(self.ws)
            _write(cell, cell_value(value))
            if bold:
                cell.font = Font(bold=True)
            cells.append(cell)
        self.ws.append(cells)

    def save(self, path):
        self.book.save(path)


def _write(cell: Cell, value):
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # never "f": text stays text
        cell.quotePrefix = True
    elif isinstance(value, dt.datetime):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, Decimal):
        cell.number_format = "#,##0.00"
