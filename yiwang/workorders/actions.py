"""Workflow actions from submitted fields: the order page's forms and the API share this one
translation of fields into service calls."""
from django.utils.translation import gettext as _

from yiwang import forms
from yiwang.errors import ActionRefused
from yiwang.orgs.models import Unit

from . import permissions, services
from .models import Category, WorkOrder


def params_from(post):
    """A form's fields as the dict `run` takes."""
    return {**post.dict(), "co_units": post.getlist("co_units")}


def _unit(pk):
    try:
        return Unit.objects.get(pk=pk)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise ActionRefused("bad_unit", _("Choose a unit.")) from None


def _category(pk):
    if pk in (None, ""):
        return None
    try:
        return Category.objects.get(pk=pk, is_active=True)
    except (Category.DoesNotExist, ValueError, TypeError):
        raise ActionRefused("bad_value", _("Unknown category.")) from None


def _place(pk, kind):
    if pk in (None, ""):
        return None
    try:
        return Unit.objects.get(pk=pk, kind=kind)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise ActionRefused("bad_unit", _("Unknown %(kind)s.") % {"kind": Unit.Kind(kind).label}) from None


def correction_fields(post):
    """The fields a correction form (or API call) gives, as the service takes them."""
    parsers = {"order_type": lambda v: v, "category": _category, "address": lambda v: v or "",
               "street": lambda v: _place(v, Unit.Kind.STREET), "community": lambda v: _place(v, Unit.Kind.COMMUNITY)}
    return {f: parse(post[f]) for f, parse in parsers.items() if f in post and post[f] is not None}


def run(order, user, code, post):
    """Take action `code` on `order` with the given fields (a dict; `co_units` a list of unit ids)."""
    version = post.get("version")
    if code in ("dispatch", "redispatch"):
        category = _category(post.get("category"))
        if order.category_id is None and category is None:
            raise ActionRefused("missing", _("The order has no category yet: choose one before dispatching it."))
        services.dispatch(order=order, actor=user, lead_unit=_unit(post.get("lead_unit")),
                          co_units=[_unit(pk) for pk in post.get("co_units") or () if pk], note=post.get("note", ""),
                          version=version, category=category)
    elif code == "correct":
        services.correct(order=order, actor=user, reason=post.get("reason"), version=version,
                         **correction_fields(post))
    elif code == "answer_now":
        services.answer_now(order=order, actor=user, answer=post.get("answer"), version=version)
    elif code == "to_campaign":
        services.to_campaign(order=order, actor=user, answer=post.get("answer"), version=version)
    elif code == "merge":
        master = WorkOrder.objects.filter(number=post.get("master", "").strip()).first()
        if master is None or not permissions.can_see(user, master):
            raise ActionRefused("bad_master", _("No order with number %(n)s.") % {"n": post.get("master", "")})
        services.merge(order=order, actor=user, master=master, version=version)
    elif code in ("sign_for", "co_sign_for"):
        getattr(services, code)(order=order, actor=user, version=version)
    elif code == "send_back":
        services.send_back(order=order, actor=user, reason=post.get("reason"), version=version)
    elif code == "request_extension":
        try:
            workdays = int(post.get("workdays", ""))
        except ValueError:
            raise ActionRefused("bad_value", _("Enter the number of working days.")) from None
        services.request_extension(order=order, actor=user, workdays=workdays, reason=post.get("reason"),
                                   version=version)
    elif code == "decide_extension":
        services.decide_extension(order=order, actor=user, approve=post.get("decision") == "approve",
                                  note=post.get("note", ""), version=version)
    elif code == "request_suspension":
        services.request_suspension(order=order, actor=user, reason=post.get("reason"), version=version)
    elif code == "decide_suspension":
        services.decide_suspension(order=order, actor=user, approve=post.get("decision") == "approve",
                                   note=post.get("note", ""), version=version)
    elif code in ("suspend", "resume"):
        kwargs = {"reason": post.get("reason")} if code == "suspend" else {"note": post.get("note", "")}
        getattr(services, code)(order=order, actor=user, version=version, **kwargs)
    elif code == "reply":
        services.reply(order=order, actor=user, answer=post.get("answer"), version=version)
    elif code == "co_reply":
        services.co_reply(order=order, actor=user, opinion=post.get("opinion"), version=version)
    elif code == "callback":
        services.callback(order=order, actor=user, satisfaction=post.get("satisfaction"), solved=post.get("solved"),
                          note=post.get("note", ""),
                          rework=post.get("close_anyway") != "1", version=version)
    elif code == "close":
        services.close(order=order, actor=user, note=post.get("note"), version=version)
    elif code in ("urge", "supervise"):
        services.issue_notice(order=order, actor=user, kind=code, text=post.get("text"), version=version,
                              answer_due=forms.day(post.get("answer_due")))
    elif code == "answer_notice":
        services.answer_notice(order=order, actor=user, answer=post.get("answer"), version=version,
                               notice=post.get("notice"))
    else:
        raise ActionRefused("unknown_action", _("Unknown action."))
