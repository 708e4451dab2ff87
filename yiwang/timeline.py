"""What a history row decided, in words, from the data its step recorded: 交办 to whom and by when,
an extension approved or refused with its dates, a notice's number and answer date, a rating, an
amount. A history that says only "审批延期" or "登记评价" leaves out what was decided."""
from django.utils.translation import gettext as _

RATINGS = {"satisfied": "满意", "basic": "基本满意", "unsatisfied": "不满意"}


def _money(value):
    from yiwang import money

    return money.words(value)


def summary(event):
    data = getattr(event, "data", None) or {}
    parts = []
    if data.get("lead_unit"):
        parts.append(_("lead unit %(unit)s") % {"unit": data["lead_unit"]})
    if data.get("co_units"):
        parts.append(_("co-units %(units)s") % {"units": "、".join(data["co_units"])})
    if data.get("deadline"):
        parts.append(_("deadline %(day)s") % {"day": data["deadline"]})
    if "approved" in data and data.get("until"):
        if data["approved"]:
            parts.append(_("extension approved: %(was)s → %(until)s") % {"was": data.get("was") or "—",
                                                                        "until": data["until"]})
        else:
            parts.append(_("extension to %(until)s refused; the deadline stays %(was)s") % {
                "until": data["until"], "was": data.get("was") or "—"})
    elif data.get("until"):
        parts.append(_("asked until %(until)s") % {"until": data["until"]})
    if data.get("number"):
        parts.append(str(data["number"]))
    if data.get("answer_due"):
        parts.append(_("answer by %(day)s") % {"day": data["answer_due"]})
    if data.get("rating"):
        parts.append(_("rating: %(rating)s") % {"rating": RATINGS.get(data["rating"], data["rating"])})
    if data.get("from") and data.get("to"):
        parts.append(f"{_money(data['from'])} → {_money(data['to'])}")
    for key in ("amount", "award"):
        if data.get(key) and not data.get("to"):
            parts.append(_("amount %(n)s") % {"n": _money(data[key])})
    if data.get("voucher"):
        parts.append(_("voucher %(v)s") % {"v": data["voucher"]})
    if data.get("paid_on"):
        parts.append(_("paid on %(day)s") % {"day": data["paid_on"]})
    return "；".join(parts)
