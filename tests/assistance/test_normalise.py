"""Each department writes the same value its own way; the centre keeps one."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from yiwang.assistance import normalise as N


def test_id_numbers_as_departments_write_them():
    assert N.id_number("３７０２１４１９８００３０７１７９５") == ("370214198003071795", True)  # full-width
    assert N.id_number("370214 19800307 1795") == ("370214198003071795", True)  # spaces inside
    assert N.id_number("11010519491231002x") == ("11010519491231002X", True)  # lower-case x
    # The old 15-digit number: the year gains 19 and a check character is added.
    assert N.id_number("370214800307179") == ("370214198003071795", True)
    assert N.id_number("370214198003071796") == ("370214198003071796", False)  # check digit wrong
    assert N.id_number("") == ("", False)


@pytest.mark.parametrize("text", ["1990-03-07", "1990/3/7", "1990.3.7", "19900307", "1990年3月7日", 32939,
                                  "32939", "１９９０－０３－０７"])
def test_dates_in_every_way_they_come(text):
    assert N.date(text) == dt.date(1990, 3, 7)


def test_a_wrong_date_says_what_is_wrong():
    with pytest.raises(ValidationError, match="1990-02-30.*(不是存在的日期|not a date that exists)"):
        N.date("1990-02-30")
    with pytest.raises(ValidationError, match="去年春天.*(不是日期|not a date)"):
        N.date("去年春天")


@pytest.mark.parametrize("text,value", [("1,234.50", "1234.50"), ("1234.5元", "1234.50"), ("￥1 234", "1234.00"),
                                        ("0.12万元", "1200.00"), ("８００", "800.00"), (650, "650.00")])
def test_amounts(text, value):
    assert N.amount(text) == Decimal(value)


def test_names_lose_their_padding_and_homophones_sound_alike():
    assert N.name("李　四") == "李四"
    assert N.pinyin("张明") == N.pinyin("张铭") == "zhang ming"
    assert N.pinyin("王芳") != N.pinyin("玉芳")
    with pytest.raises(ValidationError):
        N.name("<script>")


def test_grades_and_sex():
    assert N.whole("二级", low=1, high=4) == 2
    assert N.whole("3人") == 3
    assert N.sex("女") == "F"
    with pytest.raises(ValidationError, match="未知"):
        N.sex("未知")
