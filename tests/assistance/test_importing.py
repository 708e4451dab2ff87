"""A department's file: its own columns, its own encoding, replaced with history, twice the same."""
import io

import pytest
from openpyxl import Workbook

from yiwang.assistance import importing, synthetic
from yiwang.assistance.models import Record
from yiwang.errors import ActionRefused

from .conftest import load, source

HEAD = ["姓名", "公民身份号码", "镇街", "村居", "救助金额", "起止日期", "困难类型"]
ROWS = [["张明", "370214198003071795", "青山街道", "松林社区", "1,200元", "2026-01-01至2026-12-31", "城市低保"],
        ["李　四", "370214800307179", "青山", "", "800", "2026/1/1", "低保"],
        ["王芳", "", "白鹭街道", "", "不知道", "20260101", "低保"]]


def test_a_gbk_file_in_the_departments_columns(centre):
    src = source("MZ-DB", centre.minzheng, help="dibao")
    run, parsed = load(src, [HEAD, *ROWS], encoding="gbk")
    assert run.added == 3 and run.ended == 0
    zhang = Record.objects.get(name="张明")
    assert zhang.id_valid and zhang.sex == "M" and zhang.birth_date.isoformat() == "1980-03-07"
    assert zhang.street == centre.street and zhang.community == centre.community
    assert str(zhang.amount) == "1200.00" and zhang.starts_on.isoformat() == "2026-01-01"
    assert zhang.ends_on.isoformat() == "2026-12-31" and zhang.help == "dibao"
    li = Record.objects.get(name="李四")  # the old 15-digit number upgraded, the padding gone
    assert li.id_number == "370214198003071795" and li.street == centre.street
    # The unknown column is kept with the record; the bad amount is a problem on Excel's row 4.
    assert li.other == {"困难类型": "低保"}
    [problem] = [p for p in run.problems if p["row"] == 4]
    assert problem["column"] == "救助金额" and "不知道" in problem["message"]
    wang = Record.objects.get(name="王芳")
    assert wang.amount is None and wang.street == centre.other_street and not wang.id_valid


def test_a_mapping_is_kept_for_the_source(centre):
    src = source("MZ-DB", centre.minzheng, help="dibao")
    src.mapping = importing.check_mapping({"困难类型": "help"})
    src.save()
    load(src, [HEAD, *ROWS])
    assert set(Record.objects.values_list("help", flat=True)) == {"dibao"}
    with pytest.raises(ActionRefused, match="kind_of_trouble"):
        importing.check_mapping({"困难类型": "kind_of_trouble"})


def test_a_second_file_replaces_and_history_keeps_the_rest(centre):
    src = source("MZ-DB", centre.minzheng, help="dibao")
    load(src, [HEAD, *ROWS])
    again, _parsed = load(src, [HEAD, *ROWS])
    assert (again.added, again.kept, again.ended) == (0, 3, 0)  # the same file twice changes nothing
    later, _parsed = load(src, [HEAD, ROWS[0], ROWS[2]])  # 李四 left 低保
    assert (later.added, later.kept, later.ended) == (0, 2, 1)
    li = Record.objects.get(name="李四")
    assert li.ended_on is not None  # ended, not deleted: still in the chain, with its dates
    assert Record.objects.count() == 3


def test_excel_rows_are_numbered_as_excel_numbers_them(centre):
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号", "出生日期"])
    sheet.append(["赵一", "", "1990.3.7"])
    sheet.append([])
    sheet.append(["钱二", "", "1990-02-30"])
    out = io.BytesIO()
    book.save(out)
    src = source("RS-SY", fact="unemployment")
    parsed = importing.read(name="失业.xlsx", content=out.getvalue(), source=src)
    assert [n for n, _v, _o in parsed.rows] == [2, 4]
    assert [(p.row, p.column) for p in parsed.problems] == [(4, "出生日期")]


def test_a_file_that_names_nobody_is_refused_whole(centre):
    src = source("X-1")
    with pytest.raises(ActionRefused, match="姓名"):
        importing.read(name="x.csv", content=synthetic.csv_bytes([["金额"], ["100"]]), source=src)
    assert not Record.objects.exists()


def test_the_cli_imports_and_writes_people(centre, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "低保.csv"
    path.write_bytes(synthetic.csv_bytes([HEAD, *ROWS], "gb18030"))
    out = io.StringIO()
    call_command("assistance", "import", str(path), "--source", "mz-db", "--map", '{"困难类型": "help"}',
                 "--help-kind", "dibao", stdout=out)
    assert "3" in out.getvalue()
    out = io.StringIO()
    call_command("assistance", "people", stdout=out)
    import json

    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    rows = sorted(r["row"] for line in lines for r in line["records"])
    assert rows == [2, 3, 4]
    # 张明 and 李四 carry the same ID number: one person with two records.
    assert sorted(len(line["records"]) for line in lines) == [1, 2]
    assert all(r["source"] == "MZ-DB" for line in lines for r in line["records"])
