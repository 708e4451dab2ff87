"""ID-card numbers: valid when their shape, birth date, check digit and area code are right,
whatever the holder's age against their area code's first year."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from stdnum.cn import ric

from yiwang.privacy.masking import clean_id_number
from yiwang.services.models import Applicant
from yiwang.workorders import importer
from yiwang.workorders.models import WorkOrder

from ..conftest import new_order

# Genuine numbers whose area codes are newer than their holders: refused before the fix.
OLDER_THAN_THEIR_CODE = ["310115196506151237", "370102196001010016", "440305197008084563"]


def with_check_digit(body17):
    return body17 + ric.calc_check_digit(body17 + "0")


@pytest.mark.parametrize("number", OLDER_THAN_THEIR_CODE + [
    "110105196001010017", with_check_digit("11011519600101001"), with_check_digit("32021319500101001")])
def test_a_holder_older_than_their_area_code_is_valid(number):
    assert clean_id_number(number) == number


@pytest.mark.parametrize("number, part", [
    ("370102199003074258", "the check digit is wrong"),
    ("37010219900307425", "it has 17 characters"),
    ("37010219900307425A", "17 digits followed by a digit or X"),
    (with_check_digit("37010219601301001"), "the birth date"),
    (with_check_digit("37010230000101001"), "the birth date"),
    (with_check_digit("99010219600101001"), "the area code 990102"),
])
def test_a_bad_number_is_refused_with_the_part_that_is_wrong(number, part):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        clean_id_number(number)
    message = exc.value.messages[0]
    assert part in message and number not in message  # the number itself stays masked


def test_the_refusal_speaks_chinese():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        clean_id_number("370102199003074258")
    assert "校验位" in exc.value.messages[0]


def test_the_hotline_takes_them(org):
    for number in OLDER_THAN_THEIR_CODE:
        assert new_order(org, caller_id_number=number).caller_id_number == number


def test_the_portal_registers_them(client, db):
    response = client.post(reverse("portal:register"), {
        "applicant_kind": "person", "applicant_name": "陈浦东", "id_number": OLDER_THAN_THEIR_CODE[0],
        "contact_phone": "13905310009", "password1": "a-long-pass-93", "password2": "a-long-pass-93"})
    assert response.status_code == 200 and Applicant.objects.get().id_number == OLDER_THAN_THEIR_CODE[0]


def test_a_legacy_file_of_older_holders_loses_no_row(org):
    rows = ["外部编号,受理时间,类型,标题,内容,电话,身份证号"] + [
        f"L{i},2026-10-0{i + 1} 09:00,求助,路灯,路灯不亮,1380013800{i},{n}" for i, n in enumerate(OLDER_THAN_THEIR_CODE)]
    results = importer.import_orders(name="old.csv", content="\n".join(rows).encode(), actor=org.dispatcher,
                                     source_system="legacy")
    assert [r.outcome for r in results] == ["created"] * 3
    assert set(WorkOrder.objects.values_list("caller_id_number", flat=True)) == set(OLDER_THAN_THEIR_CODE)
