"""The one place that masks personal numbers for lists, exports, prints and callback screens."""
import datetime as dt
import functools
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def mask_phone(value):
    if not value:
        return ""
    digits = value.replace("-", "")
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def mask_id_number(value):
    if not value:
        return ""
    if len(value) < 8:
        return "*" * len(value)
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}"


# Numbers written inside free text (a title, a body, an answer): a mobile number, an ID-card
# number, a landline with its area code.
MOBILE_IN_TEXT = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{4})\d{10}([0-9Xx]{4})(?![0-9A-Za-z])")
LANDLINE_IN_TEXT = re.compile(r"(?<!\d)(0\d{2,3}-?)\d{3,4}(\d{4})(?!\d)")


def mask_numbers_in_text(text):
    """Free text with every ID-card, mobile and landline number in it masked, as the fields are."""
    if not text:
        return text
    text = ID_IN_TEXT.sub(lambda m: m.group(1) + "*" * 10 + m.group(2), text)
    text = MOBILE_IN_TEXT.sub(r"\1****\2", text)
    return LANDLINE_IN_TEXT.sub(r"\1****\2", text)


AREA_AND_NUMBER = re.compile(r"(0(?:10|2\d|[3-9]\d{2}))(\d{7,8})")


def clean_phone(value):
    """A phone number as it is kept: a mobile as its 11 digits, a landline as typed when it is
    plain (0531-88886666), else as area code and number. Typed the ways people type them
    (+86 139-0531-0004, full-width １３９…, (0531) 8888 6666) it is read, not refused."""
    value = unicodedata.normalize("NFKC", value or "").strip().replace(" ", "")
    if not value:
        return ""
    if MOBILE.match(value) or LANDLINE.match(value):
        return value
    digits = re.sub(r"[\s\u00a0()\-.]", "", value)
    international = re.match(r"^(\+86|0086|86)(?=\d{10,11}$)", digits)
    if international:
        digits = digits[international.end():]
        if not MOBILE.match(digits) and not digits.startswith("0"):
            digits = "0" + digits  # +86 531 …: the trunk 0 is left out after the country code
    if MOBILE.match(digits):
        return digits
    landline = AREA_AND_NUMBER.fullmatch(digits)
    if landline:
        return f"{landline.group(1)}-{landline.group(2)}"
    raise ValidationError(
        _("%(value)s is not a phone number: enter an 11-digit mobile number or a landline with its area code.")
        % {"value": value})


@functools.lru_cache(maxsize=8192)
def _known_area(code):
    """Whether the national code list has ever had the area code (China has about 3,500; a
    department's file repeats a few dozen, so the lookup is remembered)."""
    return any(props for _part, props in numdb.get("cn/loc").info(code))


def id_number_problem(value):
    """What is wrong with an 18-character resident ID-card number (GB 11643), or None.

    Valid means: 17 digits and a check character, a real birth date, the right check character,
    and an area code the national code list has ever had. The area code is not checked against
    the birth year: people keep the code of the place that issued their card, which is often
    newer than they are (a holder born in 1965 in today's 浦东新区 has 310115)."""
    if len(value) != 18:
        return _("it has %(n)d characters; an ID-card number has 18") % {"n": len(value)}
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return _("it must be 17 digits followed by a digit or X")
    try:
        born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        born = None
    if born is None or born.year < 1900 or born > dt.date.today():
        return _("the birth date (characters 7 to 14) is not a real date")
    if value[17] != ric.calc_check_digit(value):
        return _("the check digit is wrong")
    if not _known_area(value[:6]):
        return _("the area code %(code)s is not in the national list of area codes") % {"code": value[:6]}
    return None


def clean_id_number(value):
    value = (value or "").strip().replace(" ", "").upper()
    if not value:
        return ""
    problem = id_number_problem(value)
    if problem:
        raise ValidationError(_("%(value)s is not a valid ID-card number: %(problem)s.")
                              % {"value": mask_id_number(value), "problem": problem})
    return value


def clean_credit_code(value):
    """A unified social credit code (统一社会信用代码, GB 32100), check character included."""
    value = (value or "").strip().upper()
    if not value:
        return ""
    try:
        return uscc.validate(value)
    except StdnumError:
        pass
    allowed = set("0123456789ABCDEFGHJKLMNPQRTUWXY")
    if len(value) != 18:
        problem = _("it has %(n)d characters, not 18") % {"n": len(value)}
    elif set(value) - allowed:
        problem = _("it holds characters a credit code never has (%(chars)s)") % {
            "chars": "".join(sorted(set(value) - allowed))}
    else:
        problem = _("its check character is wrong")
    raise ValidationError(_("%(value)s is not a valid unified social credit code: %(problem)s.")
                          % {"value": value, "problem": problem})
