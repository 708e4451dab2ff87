"""Reads of the data centre: the filtered lists and the figures that open them. A figure is the
count of the same filter its link opens, so the two cannot disagree."""
import datetime as dt

from django.db.models import Case, F, Q, TextField, When
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from yiwang.inbox import Entry, Section
from yiwang.orgs.models import Unit

from . import access
from .models import Alert, Grade, Grant, Help, Layer, Record, ReviewPair


def _holding(qs, field, kind):
    """People whose JSON list `field` holds `kind` (on PostgreSQL and SQLite alike)."""
    return qs.annotate(**{f"{field}_text": Cast(field, TextField())}).filter(**{f"{field}_text__contains": f'"{kind}"'})


def people(user, params):
    qs = access.people(user)
    if params.get("street"):
        qs = qs.filter(street_id=params["street"]) if str(params["street"]).isdigit() else qs.none()
    if params.get("layer") in Layer.values:
        qs = qs.filter(layer=params["layer"])
    if params.get("help") in Help.values:
        qs = _holding(qs, "receives", params["help"])
    if params.get("unhelped") == "1":
        qs = qs.filter(unhelped=True)
    if params.get("missing") in Help.values:
        qs = _holding(qs, "missing", params["missing"])
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(key=q.upper()) | Q(household__number=q))
    return qs.select_related("street", "community", "household").order_by("key")


def alerts(user, params):
    qs = access.alerts(user)
    if params.get("grade") in Grade.values:
        qs = qs.filter(grade=params["grade"])
    if params.get("state") in Alert.State.values:
        qs = qs.filter(state=params["state"])
    if params.get("visited") == "1":
        qs = qs.filter(visited_at__isnull=False)
    if params.get("on_time") in ("1", "0"):
        qs = qs.filter(on_time=params["on_time"] == "1")
    if params.get("overdue") == "1":
        qs = qs.filter(state=Alert.State.OPEN, due_at__lt=timezone.now())
    if params.get("street"):
        qs = qs.filter(street_id=params["street"]) if str(params["street"]).isdigit() else qs.none()
    month = params.get("month") or ""
    if len(month) == 7 and month[:4].isdigit() and month[5:].isdigit() and 1 <= int(month[5:]) <= 12:
        start = timezone.make_aware(dt.datetime(int(month[:4]), int(month[5:]), 1))
        end = timezone.make_aware(dt.datetime(int(month[:4]) + (month[5:] == "12"), int(month[5:]) % 12 + 1, 1))
        qs = qs.filter(raised_at__gte=start, raised_at__lt=end)
    if params.get("rule"):
        qs = qs.filter(rule__code=params["rule"])
    return qs.select_related("rule", "person", "street", "community").order_by(*URGENT_FIRST)


# A street works its warnings most urgent first: the open ones, red before orange before yellow,
# the earliest due first; then those referred or closed, the newest first.
_OPEN = Q(state=Alert.State.OPEN)
URGENT_FIRST = [
    Case(When(_OPEN, then=0), When(state=Alert.State.REFERRED, then=1), default=2),
    Case(When(_OPEN & Q(grade=Grade.RED), then=0), When(_OPEN & Q(grade=Grade.ORANGE), then=1),
         When(_OPEN, then=2), default=3),
    Case(When(_OPEN, then=F("due_at"))).asc(nulls_last=True), "-raised_at", "-pk"]


def household_chain(hh):
    """一户一条救助链: the members (by relation, then person number), every record and grant of theirs,
    the household's warnings; for the household's page and the API alike."""
    members = list(hh.members.order_by("-relation", "key"))
    return {"members": members,
            "records": Record.objects.filter(person__in=members).select_related("source__unit", "person").order_by(
                "-starts_on", "source__code"),
            "grants": Grant.objects.filter(person__in=members).select_related("unit", "person", "alert"),
            "alerts": hh.alerts.select_related("rule", "person", "street", "community", "task")}


def _link(name, **params):
    return reverse(name) + ("?" + urlencode(params) if params else "")


def figures(user, today=None):
    """Every figure of the overview with the list it opens."""
    today = today or timezone.localdate()
    out = {"layers": [], "helps": [], "streets": [], "grades": [], "months": []}
    for value, label in Layer.choices:
        if value:
            out["layers"].append((label, people(user, {"layer": value}).count(), _link("assistance:people", layer=value)))
    for value, label in Help.choices:
        out["helps"].append((label, people(user, {"help": value}).count(), _link("assistance:people", help=value),
                             people(user, {"missing": value}).count(), _link("assistance:people", missing=value)))
    streets = Unit.objects.filter(kind=Unit.Kind.STREET, is_active=True)
    street, _community = access.place(user)
    if street is not None:
        streets = streets.filter(pk=street.pk)
    for s in streets:
        out["streets"].append((s.name, people(user, {"street": s.pk}).count(), _link("assistance:people", street=s.pk),
                               alerts(user, {"street": s.pk, "state": "open"}).count(),
                               _link("assistance:alerts", street=s.pk, state="open")))
    for value, label in Grade.choices:
        row = [label]
        for params in ({"state": "open"}, {"state": "referred"}, {"visited": "1"}, {"state": "closed"},
                       {"on_time": "1"}, {"overdue": "1"}):
            params = {"grade": value, **params}
            row.append((alerts(user, params).count(), _link("assistance:alerts", **params)))
        out["grades"].append(row)
    months = [today.replace(day=1)]
    for _i in range(5):
        months.insert(0, (months[0] - dt.timedelta(days=1)).replace(day=1))
    for m in months:
        key = f"{m:%Y-%m}"
        out["months"].append((key, alerts(user, {"month": key}).count(), _link("assistance:alerts", month=key),
                              alerts(user, {"month": key, "state": "closed"}).count(),
                              _link("assistance:alerts", month=key, state="closed")))
    out["unhelped"] = (people(user, {"unhelped": "1"}).count(), _link("assistance:people", unhelped="1"))
    out["review"] = ReviewPair.objects.filter(decision__isnull=True).count() if access.analyst(user) else None
    return out


def inbox_section(user):
    if not access.may_use(user):
        return None
    entries = []
    open_alerts = access.alerts(user).filter(state=Alert.State.OPEN)
    street, _community = access.place(user)
    if street is not None or access.analyst(user):
        n = open_alerts.count()
        if n:
            entries.append(Entry("assistance_visits", _("Assistance warnings to visit"), n,
                                 _link("assistance:alerts", state="open"),
                                 overdue=open_alerts.filter(due_at__lt=timezone.now()).count()))
    waiting = access.referrals(user).filter(answered_at__isnull=True)
    if not access.analyst(user):
        n = waiting.count()
        if n:
            entries.append(Entry("assistance_referrals", _("Assistance referrals to answer"), n,
                                 reverse("assistance:referrals")))
    if access.analyst(user):
        n = ReviewPair.objects.filter(decision__isnull=True).count()
        if n:
            entries.append(Entry("assistance_review", _("Record pairs to review"), n, reverse("assistance:review")))
    return Section(_("Social assistance"), entries)


def referral_list(user):
    return access.referrals(user).select_related("person", "to_unit", "alert").order_by("answered_at", "-at")

