"""Amounts of money on the pages (yiwang.money): `money` for yuan (19.5 万元), `money_wan` for
figures kept in 10,000 yuan (2.6 亿元); `yuan` writes yuan with separators (1,461,253.00) where a
column's heading already names the unit."""
from decimal import Decimal, InvalidOperation

from django import template

from yiwang import money as rule

register = template.Library()


@register.filter
def yuan(value):
    if value in (None, ""):
        return ""
    try:
        return f"{Decimal(str(value)):,.2f}"
    except (InvalidOperation, ValueError):
        return value


@register.filter
def money(value):
    return rule.words(value)


@register.filter
def money_wan(value):
    return rule.words_wan(value)
