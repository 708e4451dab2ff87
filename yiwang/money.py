"""Money as officials read it: yuan below 10,000 (5,000 元), then 万元 (19.5 万元, 194 万元), then 亿元
(2.94 亿元), with at most two decimals and none that say nothing. One rule for every page, message
and notice; Excel keeps the number itself (typed), with the unit in its heading."""
from decimal import Decimal, InvalidOperation

WAN = Decimal(10_000)
YI = Decimal(100_000_000)


def _trimmed(value):
    text = f"{value:,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def words(yuan):
    """An amount of yuan as officials read it; "" for none."""
    if yuan in (None, ""):
        return ""
    try:
        value = Decimal(str(yuan))
    except (InvalidOperation, ValueError):
        return str(yuan)
    size = abs(value)
    if size >= YI:
        return f"{_trimmed(value / YI)} 亿元"
    if size >= WAN:
        return f"{_trimmed(value / WAN)} 万元"
    return f"{_trimmed(value)} 元"


def words_wan(wan):
    """An amount kept in 10,000 yuan (the registry's and the projects' figures) as officials read it."""
    if wan in (None, ""):
        return ""
    try:
        return words(Decimal(str(wan)) * WAN)
    except (InvalidOperation, ValueError):
        return str(wan)
