"""One cell of a department's file as the data centre keeps it. Every department writes the same
thing its own way: full-width digits (１９９０), spaces inside numbers (3701 0219…), a lower-case x,
the old 15-digit ID number, dates as 1990-03-07, 1990/3/7, 1990.3.7, 19900307 or an Excel serial,
amounts with 元 and thousands separators. Each parser returns the kept value or raises a
ValidationError saying what is wrong with the cell."""
import datetime as dt
import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pypinyin import lazy_pinyin
from stdnum.cn import ric

from yiwang.privacy.masking import clean_phone, id_number_problem, mask_id_number

EXCEL_EPOCH = dt.date(1899, 12, 30)


def plain(value):
    """Full-width characters as the ASCII ones, the ideographic space a space, trimmed."""
    return unicodedata.normalize("NFKC", "" if value is None else str(value)).replace("\u3000", " ").strip()


def name(value):
    """A person's name without the spaces that pad it (李　四 → 李四); a name of Latin letters or with
    a middle dot (阿卜杜·热合曼) keeps its dot."""
    text = plain(value)
    if re.fullmatch(r"[\u3400-\u9fff·• ]+", text):
        text = text.replace(" ", "").replace("•", "·")
    else:
        text = re.sub(r"\s+", " ", text)
    if len(text) > 50 or re.search(r"[<>{}\d]", text):
        raise ValidationError(_("“%(v)s” is not a person's name.") % {"v": text[:20]})
    return text


@functools.lru_cache(maxsize=100_000)
def pinyin(text):
    """A name's sound without tones: homophones written differently (明/铭) sound the same. A
    person's name comes back in every department's file, so the sound is remembered."""
    return " ".join(lazy_pinyin(text or "")) if text else ""


def upgrade_id(old):
    """An old 15-digit ID number as the 18-digit one: the year gains 19, a check character is added."""
    body = old[:6] + "19" + old[6:]
    return body + ric.calc_check_digit(body + "0")


def id_number(value):
    """(the number as kept, valid?). A number that cannot be read is kept as written, marked invalid,
    so the record is still joined by name and birth date; an empty cell is ("", False)."""
    text = re.sub(r"[\s\-]", "", plain(value)).upper()
    if not text:
        return "", False
    if isinstance(value, float) and value.is_integer():  # an Excel cell holding the number as a figure
        text = str(int(value))
    if len(text) == 15 and text.isdigit():
        text = upgrade_id(text)
    return text, id_number_problem(text) is None


def id_refusal(text):
    problem = id_number_problem(text)
    return _("%(value)s is not a valid ID-card number: %(problem)s.") % {
        "value": mask_id_number(text), "problem": problem} if problem else None


def date(value, *, future=False):
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = plain(value)
    day = None
    if isinstance(value, (int, float)) or re.fullmatch(r"\d{4,5}(\.0)?", text):
        serial = int(float(text))
        if 1 <= serial < 80000:
            day = EXCEL_EPOCH + dt.timedelta(days=serial)
    if day is None:
        m = (re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?",
                          text) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text))
        if not m:
            raise ValidationError(_("“%(v)s” is not a date (write it as 1990-03-07, 1990/3/7, 1990.3.7 or 19900307).")
                                  % {"v": text})
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise ValidationError(_("“%(v)s” is not a date that exists.") % {"v": text}) from None
    latest = dt.date.today() + dt.timedelta(days=3660) if future else dt.date.today()
    if not dt.date(1900, 1, 1) <= day <= latest:
        raise ValidationError(_("“%(v)s” is not a possible date.") % {"v": text})
    return day


def amount(value):
    """An amount of yuan: 1,234.50, 1234.5元, ￥1 234, 0.12万元."""
    if value in (None, ""):
        return None
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        number = Decimal(str(value))
    else:
        text = plain(value).replace(",", "").replace(" ", "").replace("¥", "").replace("￥", "")
        scale = Decimal(1)
        if text.endswith("万元") or text.endswith("万"):
            text, scale = text.rstrip("元").rstrip("万"), Decimal(10000)
        text = text.removesuffix("元").removesuffix("人民币")
        try:
            number = Decimal(text) * scale
        except InvalidOperation:
            raise ValidationError(_("“%(v)s” is not an amount of yuan.") % {"v": plain(value)}) from None
    if number < 0 or number >= Decimal("1e10"):
        raise ValidationError(_("“%(v)s” is not a possible amount.") % {"v": plain(value)})
    return number.quantize(Decimal("0.01"))


def whole(value, *, low=0, high=99):
    """A small count or grade: 3, "3人", "三级" / "3级"."""
    if value in (None, ""):
        return None
    text = plain(value)
    for i, word in enumerate("一二三四五六七八九十", start=1):
        text = text.replace(word, str(i))
    m = re.match(r"^(\d+)(\.0+)?\s*(人|级|口)?$", text)
    if not m or not low <= int(m.group(1)) <= high:
        raise ValidationError(_("“%(v)s” is not a number from %(low)d to %(high)d.") % {
            "v": plain(value), "low": low, "high": high})
    return int(m.group(1))


def sex(value):
    text = plain(value)
    if not text:
        return ""
    if text in ("男", "M", "m", "1", "男性"):
        return "M"
    if text in ("女", "F", "f", "2", "女性"):
        return "F"
    raise ValidationError(_("“%(v)s” is not a sex (男 or 女).") % {"v": text})


def phone(value):
    text = plain(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    return clean_phone(text) if text else ""


def text(value, limit=200):
    return re.sub(r"\s+", " ", plain(value))[:limit]


def from_id(number):
    """(sex, birth date) an 18-digit ID number states."""
    born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    return ("M" if int(number[16]) % 2 else "F"), born
