"""Reading a table a person uploads (a legacy export, a leader's list of tasks): an Excel
workbook's first sheet or a CSV file in UTF-8, GBK/GB18030 or UTF-16 with comma, tab or
semicolon, as rows of cell values. Unreadable files are refused with a message that says why."""
import csv
import io

from django.utils.translation import gettext as _

from yiwang.errors import ActionRefused


def decode(content):
    """(text, encoding) of a CSV file: a byte-order mark first, else UTF-8, else GB18030 (which
    reads GBK and GB2312 too)."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if content.startswith(bom):
            try:
                return content.decode(encoding), encoding.replace("-sig", "")
            except UnicodeDecodeError:
                break
    for encoding in ("utf-8", "gb18030"):
        try:
            return content.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ActionRefused("bad_file", _("The file's text encoding is not UTF-8, GBK/GB18030 or UTF-16; save it as "
                                      "“CSV UTF-8” or as an Excel workbook."))


def read_table(name, content):
    """(rows, encoding): every row of the file's first sheet as a list of cell values."""
    if not content:
        raise ActionRefused("bad_file", _("The file is empty."))
    if name.lower().endswith((".csv", ".txt")):
        text, encoding = decode(content)
        first = text.split("\n", 1)[0]
        delimiter = max(",\t;", key=first.count)
        try:
            return list(csv.reader(io.StringIO(text), delimiter=delimiter)), encoding
        except csv.Error as exc:
            raise ActionRefused("bad_file", _("The file is not a readable CSV table: %(e)s") % {"e": exc}) from None
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        rows = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    except Exception:
        raise ActionRefused("bad_file", _("The file is neither an Excel workbook (.xlsx) nor a CSV file.")) from None
    return rows, "xlsx"


def heading_columns(headings, *, fields, synonyms, kept, key):
    """{column index: field} for a file's headings. `key(heading)` is how headings are compared;
    `kept` maps heading keys to fields (a mapping a person gave, "" to leave a column out) and comes
    first, else the first field whose `synonyms` hold the heading; only `fields`, each once."""
    known = {}
    for field, names in synonyms.items():
        for name in names:
            known.setdefault(key(name), field)
    out = {}
    for i, heading in enumerate(headings):
        k = key(heading)
        if not k:
            continue
        chosen = kept[k] if k in kept else known.get(k)
        if chosen and chosen in fields and chosen not in out.values():
            out[i] = chosen
    return out
