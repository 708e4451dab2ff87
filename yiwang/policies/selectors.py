"""Reads of policies: matching both ways (the enterprises that qualify for an article, the
articles an enterprise qualifies for, with the reasons when a condition fails), the claims and
their lists, the payout ledger's totals by policy, unit and street, the inbox, and the units whose
policies went undelivered."""
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang import inbox
from yiwang.enterprises.models import Enterprise, Status
from yiwang.orgs import roles as R

from . import conditions, services
from .models import Article, Budget, Claim, ExemptRun, PolicyDocument, Question, Session

READERS = R.CENTRE_ROLES | R.UNIT_ROLES | R.HALL_ROLES


def may_open(user):
    return bool(R.roles_of(user) & READERS)


class _Matching:
    """An article's conditions against a set of enterprises: the plain comparisons as a database
    filter, the rest (and a formula) evaluated here, labels read only when something names them."""

    def __init__(self, article, qs, today):
        self.article, self.today = article, today or timezone.localdate()
        q, self.rest = conditions.compile_q(article.conditions, self.today)
        self.labels = "labels" in article.formula or any("labels" in clause for clause in self.rest)
        # A closed enterprise (注销, 吊销, 迁出) qualifies for nothing.
        self.qs = (Enterprise.objects.all() if qs is None else qs).filter(q, status=Status.ACTIVE).select_related(
            "street")
        if self.labels:
            self.qs = self.qs.prefetch_related("held_labels__label")

    def rows(self, enterprises):
        article = self.article
        for enterprise in enterprises:
            values = None
            if self.rest:
                values = conditions.facts(enterprise, self.today, self.labels)
                if not conditions.evaluate("\n".join(self.rest), values)[0]:
                    continue
            if article.formula:
                values = values or conditions.facts(enterprise, self.today, self.labels)
                yield enterprise, conditions.amount(article, values)
            else:
                yield enterprise, min(article.amount, article.cap) if article.amount is not None else None


class _PagedMatches:
    """Matches a page can show without loading them all: counted and sliced by the database
    (possible when every condition compiled), amounts worked out for the rows shown."""

    def __init__(self, matching):
        self.matching = matching

    def count(self):
        return self.matching.qs.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        return list(self.matching.rows(self.matching.qs[key]))


def eligible(article, qs=None, today=None):
    """[(enterprise, amount)] of the enterprises that meet every condition of the article."""
    matching = _Matching(article, qs, today)
    return list(matching.rows(matching.qs.iterator(chunk_size=2000)))  # prefetches per chunk


def matches(article, today=None):
    """The same matches for a page: a sliceable, countable sequence of (enterprise, amount), paged
    by the database when every condition compiled to a filter, a list otherwise."""
    matching = _Matching(article, None, today)
    if matching.rest:
        return list(matching.rows(matching.qs.iterator(chunk_size=2000)))
    return _PagedMatches(matching)


def articles_in_force(today=None):
    today = today or timezone.localdate()
    return Article.objects.filter(document__state=PolicyDocument.State.ISSUED, document__valid_from__lte=today,
                                  document__valid_to__gte=today).select_related("document__issuing_unit")


def articles_for(enterprise, today=None):
    """[(article, eligible, reasons, amount, this year's claim)] of the articles in force."""
    today = today or timezone.localdate()
    values = conditions.facts(enterprise, today)
    claims = {c.article_id: c for c in Claim.objects.filter(enterprise=enterprise, year=today.year).exclude(
        state=Claim.State.REJECTED)}
    out = []
    closed = enterprise.status == Status.CLOSED
    for article in articles_in_force(today):
        ok, reasons = conditions.evaluate(article.conditions, values)
        if closed:
            ok, reasons = False, [_("the enterprise is closed (%(status)s)") % {
                "status": enterprise.status_text or enterprise.get_status_display()}]
        out.append((article, ok, reasons, conditions.amount(article, values) if ok else None, claims.get(article.pk)))
    return sorted(out, key=lambda r: (not r[1], r[0].document.number, r[0].seq))


def split(rows):
    """articles_for's rows as (those it qualifies for or has claimed, the others with their reasons)."""
    return [r for r in rows if r[1] or r[4]], [r for r in rows if not (r[1] or r[4])]


def visible_claims(user):
    """The office and leaders see every claim; an issuing unit its articles' claims; the hall's
    butlers those of the enterprises they look after."""
    qs = Claim.objects.select_related("enterprise__street", "article__document__issuing_unit")
    roles = R.roles_of(user)
    if roles & (services.EDITORS | {R.LEADER}):
        return qs
    unit = R.unit_of(user)
    q = Q(pk__in=[])
    if roles & R.UNIT_ROLES and unit is not None:
        q |= Q(article__document__issuing_unit=unit)
    if roles & {R.BUTLER}:
        q |= Q(enterprise__butler=user)
    return qs.filter(q)


def search_claims(user, params):
    qs = visible_claims(user)
    groups = {"granted": [Claim.State.NOTICE, Claim.State.READY, Claim.State.PAYING],
              "asked": [Claim.State.SUBMITTED, Claim.State.REVIEWED]}
    if params.get("state") in Claim.State.values:
        qs = qs.filter(state=params["state"])
    elif params.get("state") in groups:
        qs = qs.filter(state__in=groups[params["state"]])
    if (params.get("article") or "").isdigit():
        qs = qs.filter(article_id=params["article"])
    if (params.get("document") or "").isdigit():
        qs = qs.filter(article__document_id=params["document"])
    if (params.get("unit") or "").isdigit():
        qs = qs.filter(article__document__issuing_unit_id=params["unit"])
    if (params.get("street") or "").isdigit():
        qs = qs.filter(enterprise__street_id=params["street"])
    if (params.get("year") or "").isdigit():
        qs = qs.filter(year=params["year"])
    if params.get("channel") in Claim.Channel.values:
        qs = qs.filter(channel=params["channel"])
    if params.get("confirm") == "1":  # waiting for a second person: not the ones this person proposed
        qs = qs.exclude(pk__in=_proposed_by(user, "approve"), state=Claim.State.REVIEWED).exclude(
            pk__in=_proposed_by(user, "pay"), state=Claim.State.PAYING)
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(enterprise__name__icontains=q) | Q(number__icontains=q) | Q(enterprise__credit_code=q.upper()))
    return qs.order_by("-created_at", "-id")


def totals(qs, by):
    """Paid, granted-to-be-paid and asked-awaiting-review sums and counts of claims, by document,
    issuing unit or street."""
    keys = {"document": ("article__document_id", "article__document__number"),
            "unit": ("article__document__issuing_unit_id", "article__document__issuing_unit__name"),
            "street": ("enterprise__street_id", "enterprise__street__name")}[by]
    granted = [Claim.State.NOTICE, Claim.State.READY, Claim.State.PAYING]
    asked = [Claim.State.SUBMITTED, Claim.State.REVIEWED]
    rows = qs.exclude(state=Claim.State.REJECTED).values(*keys).annotate(
        paid=Sum("amount", filter=Q(state=Claim.State.PAID)), paid_n=Count("pk", filter=Q(state=Claim.State.PAID)),
        granted=Sum("amount", filter=Q(state__in=granted)), granted_n=Count("pk", filter=Q(state__in=granted)),
        asked=Sum("requested", filter=Q(state__in=asked)), asked_n=Count("pk", filter=Q(state__in=asked)),
    ).order_by(keys[1])
    return [{"key": r[keys[0]], "name": r[keys[1]] or "—", "paid": r["paid"] or Decimal("0"), "paid_n": r["paid_n"],
             "granted": r["granted"] or Decimal("0"), "granted_n": r["granted_n"],
             "asked": r["asked"] or Decimal("0"), "asked_n": r["asked_n"]} for r in rows]


def total_row(rows):
    """合计 of a totals table."""
    out = {"key": None, "name": _("Total")}
    for name in ("paid", "granted", "asked"):
        out[name] = sum((r[name] for r in rows), Decimal("0"))
        out[f"{name}_n"] = sum(r[f"{name}_n"] for r in rows)
    return out


def budget_of(document, year):
    """(budget or None, committed, left) of a policy for a year."""
    budget = Budget.objects.filter(document=document, year=year).first()
    used = services.committed(document, year)
    return {"budget": budget, "committed": used, "left": budget.amount - used if budget else None}


def undelivered_units():
    """The units whose policies the questioners of 阳光质询 said went undelivered, worst first."""
    rows = (Question.objects.filter(session__kind=Session.Kind.INQUIRY).values("unit", "unit__name")
            .annotate(n=Count("pk"), undelivered=Count("pk", filter=Q(delivered=False)),
                      unsatisfied=Count("pk", filter=Q(rating="unsatisfied")),
                      late=Count("pk", filter=Q(answered_at__isnull=True, answer_due__lt=timezone.now())))
            .order_by("-undelivered", "-unsatisfied", "unit__name"))
    return [r for r in rows if r["undelivered"] or r["unsatisfied"] or r["late"]]


def _proposed_by(user, code):
    """The claims whose last `code` step this user took (they wait for someone else)."""
    from .models import ClaimEvent

    return ClaimEvent.objects.filter(action=code, actor=user).values("case_id")


def questions_for(user, params=None):
    """The questions of 阳光答辩/质询 this person answers or follows: the office every one, a unit its own;
    `open=1` those waiting for an answer."""
    params = params or {}
    qs = Question.objects.select_related("session__document", "enterprise", "unit")
    if not R.roles_of(user) & (services.EDITORS | {R.LEADER}):
        unit = R.unit_of(user)
        qs = qs.filter(unit=unit) if unit and R.roles_of(user) & R.UNIT_ROLES else qs.none()
    if params.get("open") == "1":
        qs = qs.filter(answered_at__isnull=True)
    return qs.order_by("answer_due", "pk")


def runs_to_confirm(user):
    """免申即享 runs waiting for a second person: drafts this person did not start."""
    return (ExemptRun.objects.filter(state=ExemptRun.State.DRAFT).exclude(created_by=user)
            .select_related("article__document", "created_by__staff").order_by("created_at"))


def inbox_section(user):
    roles = R.roles_of(user)
    if not roles & (R.UNIT_ROLES | services.EDITORS):
        return None
    claims = visible_claims(user)
    questions = questions_for(user, {"open": "1"})
    entries = [
        inbox.Entry(code="claims-review", label=_("Policy claims to review"),
                    count=claims.filter(state=Claim.State.SUBMITTED).count(),
                    url=reverse("policies:claims") + "?state=submitted"),
        inbox.Entry(code="claims-second-review", label=_("Reviews to confirm (second person)"),
                    count=claims.filter(state=Claim.State.REVIEWED).exclude(
                        pk__in=_proposed_by(user, "approve")).count(),
                    url=reverse("policies:claims") + "?state=reviewed&confirm=1"),
        inbox.Entry(code="claims-pay", label=_("Policy payments due"),
                    count=claims.filter(state=Claim.State.READY).count(), url=reverse("policies:claims") + "?state=ready"),
        inbox.Entry(code="claims-confirm-payment", label=_("Payments to confirm (second person)"),
                    count=claims.filter(state=Claim.State.PAYING).exclude(pk__in=_proposed_by(user, "pay")).count(),
                    url=reverse("policies:claims") + "?state=paying&confirm=1"),
        inbox.Entry(code="questions", label=_("Questions to answer (阳光答辩 / 质询)"), count=questions.count(),
                    overdue=questions.filter(answer_due__lt=timezone.now()).count(),
                    url=reverse("policies:questions") + "?open=1"),
    ]
    if roles & services.EDITORS:
        entries.append(inbox.Entry(code="runs", label=_("免申即享 runs to confirm"),
                                   count=runs_to_confirm(user).count(), url=reverse("policies:runs")))
    if not any(e.count for e in entries):
        return None
    return inbox.Section(label=_("Enterprise policies"), entries=entries)
