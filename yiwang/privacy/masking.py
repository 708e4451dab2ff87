"""The one place that masks personal numbers for lists, exports, prints and callback screens."""
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
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


def clean_phone(value):
    value = (value or "").strip().replace(" ", "")
    if not value:
        return ""
    if not (MOBILE.match(value) or LANDLINE.match(value)):
        raise ValidationError(
            _("%(value)s is not a phone number: enter an 11-digit mobile number or a landline with its area code.")
            % {"value": value})
    return value


def clean_id_number(value):
    value = (value or "").strip().upper()
    if not value:
        return ""
    try:
        return ric.validate(value)
    except StdnumError:
        raise ValidationError(
            _("%(value)s is not a valid ID-card number (18 characters with a correct check digit).")
            % {"value": mask_id_number(value)}) from None


def clean_credit_code(value):
    """A unified social credit code (统一社会信用代码, GB 32100), check character included."""
    value = (value or "").strip().upper()
    if not value:
        return ""
    try:
        return uscc.validate(value)
    except StdnumError:
        raise ValidationError(
            _("%(value)s is not a valid unified social credit code (18 characters with a correct check character).")
            % {"value": value}) from None
