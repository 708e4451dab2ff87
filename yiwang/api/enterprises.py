"""Enterprise services over the API: the registry, visits, policies, matching both ways and claims
(payouts), with the pages' permissions and the claims' workflow table."""
import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as Answer
from ninja.pagination import paginate
from pydantic import BeforeValidator, StrictBool

from yiwang.enterprises import industries
from yiwang.enterprises import selectors as enterprise_selectors
from yiwang.enterprises import services as enterprise_services
from yiwang.enterprises.models import Enterprise, Problem
from yiwang.orgs.models import Unit
from yiwang.policies import selectors as policy_selectors
from yiwang.policies import services as policy_services
from yiwang.policies import workflow as claim_workflow
from yiwang.policies.models import Article, Claim, PolicyDocument

from .base import (NOT_BLANK, BodyCount, BodyId, CreditCode, Day, EventOut, Id, In, Mapped, OptionalPhone, Page, events_out,
                   json_integer, require_scope)
from .errors import ApiError

router = Router(tags=["enterprises"])


def _require(request, check):
    if not check(request.user):
        raise ApiError(403, "forbidden", _("Your role may not open this page."))


class EnterpriseOut(Schema):
    credit_code: str
    name: str
    legal_rep: str
    industry: str
    industry_name: str
    section: str
    size: Literal["large", "medium", "small", "micro", "unclassified"] = Field(
        description="unclassified: a figure the size rule needs is not recorded")
    above_scale: bool
    status: Literal["active", "closed"] = Field(description="closed: deregistered, revoked or moved away")
    staff: int | None
    revenue: Decimal | None = Field(description="10,000 yuan")
    assets: Decimal | None = Field(description="10,000 yuan")
    registered_capital: Decimal | None = Field(description="10,000 yuan")
    founded_on: dt.date | None
    street_id: int | None
    street: str | None
    park: str
    labels: list[str]
    contact_name: str
    contact_phone: str = Field(description="masked")


def enterprise_out(e):
    return {"credit_code": e.credit_code, "name": e.name, "legal_rep": e.legal_rep, "industry": e.industry,
            "industry_name": industries.name_of(e.industry), "section": e.section, "size": e.size,
            "above_scale": e.above_scale, "status": e.status, "staff": e.staff, "revenue": e.revenue, "assets": e.assets,
            "registered_capital": e.registered_capital, "founded_on": e.founded_on, "street_id": e.street_id,
            "street": e.street.name if e.street_id else None, "park": e.park,
            "labels": [held.label.code for held in e.held_labels.all()], "contact_name": e.contact_name,
            "contact_phone": e.contact_phone_masked}


class EnterpriseFilters(Schema):
    q: str | None = Field(None, max_length=100)
    section: str | None = Field(None, max_length=1)
    size: Literal["large", "medium", "small", "micro", "unclassified"] | None = None
    street_id: Id | None = None
    above_scale: bool | None = None


@router.get("/enterprises", response=list[EnterpriseOut], summary="The enterprise registry")
@paginate(Page)
def list_enterprises(request, filters: Query[EnterpriseFilters]):
    require_scope(request, "enterprises:read")
    _require(request, enterprise_selectors.may_open)
    f = filters
    params = {"q": f.q or "", "section": f.section or "", "size": f.size or "",
              "street": str(f.street_id or ""), "above_scale": "1" if f.above_scale else ""}
    return Mapped(enterprise_selectors.search(params).prefetch_related("held_labels__label"), enterprise_out)


def _enterprise(credit_code):
    e = Enterprise.objects.select_related("street").filter(credit_code=(credit_code or "").upper()).first()
    if e is None:
        raise ApiError(404, "not_found", _("No such enterprise."))
    return e


@router.get("/enterprises/{credit_code}", response=EnterpriseOut, summary="One enterprise")
def get_enterprise(request, credit_code: str):
    require_scope(request, "enterprises:read")
    _require(request, enterprise_selectors.may_open)
    return enterprise_out(_enterprise(credit_code))


Money = Annotated[float, Field(ge=0, lt=1e8, description="10,000 yuan, below 1 trillion yuan")]


class EnterpriseIn(In):
    credit_code: CreditCode = Field(min_length=18)
    name: str = Field(min_length=1, max_length=100, pattern=NOT_BLANK)
    industry: str = Field(pattern=r"^[0-9]{2,4}$", description="GB/T 4754-2017 division, group or class code")
    legal_rep: str = Field("", max_length=50)
    registered_capital: Money | None = None
    founded_on: Day | None = None
    staff: Annotated[int, Field(ge=0, le=10_000_000), BeforeValidator(json_integer)] | None = None
    revenue: Money | None = None
    assets: Money | None = None
    street_id: BodyId | None = None
    park: str = Field("", max_length=100)
    address: str = Field("", max_length=200)
    contact_name: str = Field("", max_length=50)
    contact_phone: OptionalPhone = ""


def _street_of(street_id):
    if street_id is None:
        return None
    street = Unit.objects.filter(pk=street_id, kind=Unit.Kind.STREET).first()
    if street is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({"street_id": _("No street has the id %(id)s.") % {"id": street_id}})
    return street


@router.post("/enterprises", response={201: EnterpriseOut}, summary="Add an enterprise")
def add_enterprise(request, payload: EnterpriseIn):
    """A new enterprise (201). A credit code the registry holds is refused with 409 `exists`
    (correct it with PATCH): adding never overwrites. The size class and 规上 are computed."""
    require_scope(request, "enterprises:write")
    _require(request, enterprise_selectors.may_edit)
    data = payload.dict()
    data["street"] = _street_of(data.pop("street_id"))
    try:
        enterprise = enterprise_services.add(actor=request.user, data=data)
    except enterprise_services.Exists as exc:
        raise ApiError(409, "exists", exc.message) from None
    return Answer(201, enterprise_out(_enterprise(enterprise.credit_code)))


class EnterprisePatch(In):
    name: str | None = Field(None, min_length=1, max_length=100, pattern=NOT_BLANK)
    industry: str | None = Field(None, pattern=r"^[0-9]{2,4}$", description="GB/T 4754-2017 division, group or class")
    legal_rep: str | None = Field(None, max_length=50)
    registered_capital: Money | None = None
    founded_on: Day | None = None
    staff: Annotated[int, Field(ge=0, le=10_000_000), BeforeValidator(json_integer)] | None = None
    revenue: Money | None = None
    assets: Money | None = None
    street_id: BodyId | None = None
    park: str | None = Field(None, max_length=100)
    address: str | None = Field(None, max_length=200)
    contact_name: str | None = Field(None, max_length=50)
    contact_phone: OptionalPhone | None = None


@router.patch("/enterprises/{credit_code}", response=EnterpriseOut, summary="Correct an enterprise")
def correct_enterprise(request, credit_code: str, payload: EnterprisePatch):
    """Only the fields sent change (send null to clear one); the credit code never does."""
    require_scope(request, "enterprises:write")
    _require(request, enterprise_selectors.may_edit)
    enterprise = _enterprise(credit_code)
    sent = payload.dict(exclude_unset=True)
    if "street_id" in sent:
        sent["street"] = _street_of(sent.pop("street_id"))
    data = {f: getattr(enterprise, f) for f in enterprise_services.FIELDS} | {"street": enterprise.street} | sent
    enterprise_services.update(actor=request.user, enterprise=enterprise, data=data, fields=list(sent))
    return enterprise_out(_enterprise(enterprise.credit_code))


class ProblemOut(Schema):
    text: str
    route: str
    number: str
    state: str


class VisitOut(Schema):
    id: int
    enterprise: str
    credit_code: str
    official: str
    visited_on: dt.date
    people: str
    content: str
    problems: list[ProblemOut]


def visit_out(v):
    return {"id": v.pk, "enterprise": v.enterprise.name, "credit_code": v.enterprise.credit_code,
            "official": v.official.get_username(), "visited_on": v.visited_on, "people": v.people,
            "content": v.content,
            "problems": [{"text": p.text, "route": p.route, "number": p.order.number if p.order_id else p.task.number,
                          "state": p.state_label} for p in v.problems.all()]}


class VisitFilters(Schema):
    credit_code: str | None = Field(None, max_length=18)
    visited_from: Day | None = None
    visited_to: Day | None = None


@router.get("/visits", response=list[VisitOut], summary="Visits (走访) and their problems")
@paginate(Page)
def list_visits(request, filters: Query[VisitFilters]):
    require_scope(request, "enterprises:read")
    _require(request, enterprise_selectors.may_open)
    qs = enterprise_selectors.visible_visits(request.user).prefetch_related("problems__order", "problems__task")
    if filters.credit_code:
        qs = qs.filter(enterprise__credit_code=filters.credit_code.upper())
    if filters.visited_from:
        qs = qs.filter(visited_on__gte=filters.visited_from)
    if filters.visited_to:
        qs = qs.filter(visited_on__lte=filters.visited_to)
    return Mapped(qs, visit_out)


class ProblemIn(In):
    text: str = Field(min_length=1, max_length=5000, pattern=NOT_BLANK)
    route: Literal[tuple(Problem.Route.values)]


class VisitIn(In):
    visited_on: Day
    content: str = Field(min_length=1, max_length=5000, pattern=NOT_BLANK)
    people: str = Field("", max_length=200)
    problems: list[ProblemIn] = Field([], max_length=20)


@router.post("/enterprises/{credit_code}/visits", response={201: VisitOut}, summary="Record a visit")
def create_visit(request, credit_code: str, payload: VisitIn):
    """A visit by the key's user; each problem becomes a work order (route `order`) or, for a
    supervisor or leader, a key task (route `task`)."""
    require_scope(request, "enterprises:write")
    _require(request, enterprise_selectors.may_open)
    visit = enterprise_services.record_visit(actor=request.user, enterprise=_enterprise(credit_code),
                                             visited_on=payload.visited_on, content=payload.content,
                                             people=payload.people,
                                             problems=[{"text": p.text, "route": p.route} for p in payload.problems])
    return Answer(201, visit_out(visit))


# ---------------------------------------------------------------- policies and matching

class ArticleOut(Schema):
    id: int
    seq: int
    title: str
    content: str
    conditions: list[str]
    amount: Decimal | None
    formula: str
    cap: Decimal
    mode: Literal[tuple(Article.Mode.values)]


class PolicyOut(Schema):
    id: int
    number: str
    title: str
    issuing_unit: str
    state: str
    valid_from: dt.date
    valid_to: dt.date
    articles: list[ArticleOut]


def policy_out(d):
    from yiwang.policies.conditions import clauses

    return {"id": d.pk, "number": d.number, "title": d.title, "issuing_unit": d.issuing_unit.name, "state": d.state,
            "valid_from": d.valid_from, "valid_to": d.valid_to,
            "articles": [{"id": a.pk, "seq": a.seq, "title": a.title, "content": a.content,
                          "conditions": clauses(a.conditions), "amount": a.amount, "formula": a.formula, "cap": a.cap,
                          "mode": a.mode} for a in d.articles.all()]}


@router.get("/policies", response=list[PolicyOut], summary="Policy documents and their articles")
@paginate(Page)
def list_policies(request):
    """The issued policies (any key: they are public)."""
    return Mapped(PolicyDocument.objects.filter(state=PolicyDocument.State.ISSUED).select_related("issuing_unit")
                  .prefetch_related("articles"), policy_out)


class MatchOut(Schema):
    credit_code: str
    name: str
    amount: Decimal | None


@router.get("/policies/articles/{article_id}/matches", response=list[MatchOut],
            summary="The enterprises that qualify for an article")
@paginate(Page)
def article_matches(request, article_id: int):
    require_scope(request, "policies:read")
    _require(request, policy_selectors.may_open)
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        raise ApiError(404, "not_found", _("No such article."))
    return Mapped(policy_selectors.matches(article),
                  lambda row: {"credit_code": row[0].credit_code, "name": row[0].name, "amount": row[1]})


class EnterpriseArticleOut(Schema):
    article_id: int
    document: str
    seq: int
    title: str
    qualifies: bool
    reasons: list[str] = Field(description="why a condition fails, in words")
    amount: Decimal | None
    claim_number: str | None


@router.get("/enterprises/{credit_code}/articles", response=list[EnterpriseArticleOut],
            summary="The articles an enterprise qualifies for, with the reasons when it does not")
def enterprise_articles(request, credit_code: str):
    require_scope(request, "policies:read")
    _require(request, policy_selectors.may_open)
    return [{"article_id": a.pk, "document": a.document.number, "seq": a.seq, "title": a.title, "qualifies": ok,
             "reasons": reasons, "amount": amount, "claim_number": claim.number if claim else None}
            for a, ok, reasons, amount, claim in policy_selectors.articles_for(_enterprise(credit_code))]


class ClaimOut(Schema):
    number: str
    credit_code: str
    enterprise: str
    article_id: int
    document: str
    year: int
    channel: str
    state: Literal[tuple(Claim.State.values)]
    state_label: str
    requested: Decimal
    amount: Decimal | None
    notice_until: dt.date | None
    paid_at: dt.datetime | None = Field(description="when the second person confirmed the payment")
    paid_on: dt.date | None = Field(description="the payment's day, as on its voucher")
    voucher: str
    version: int


def claim_out(c):
    return {"number": c.number, "credit_code": c.enterprise.credit_code, "enterprise": c.enterprise.name,
            "article_id": c.article_id, "document": c.article.document.number, "year": c.year, "channel": c.channel,
            "state": c.state, "state_label": c.get_state_display(), "requested": c.requested, "amount": c.amount,
            "notice_until": c.notice_until, "paid_at": c.paid_at, "paid_on": c.paid_on, "voucher": c.voucher, "version": c.version}


class ClaimFilters(Schema):
    state: Literal[tuple(Claim.State.values)] | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    article_id: Id | None = None


@router.get("/claims", response=list[ClaimOut], summary="Policy claims and payouts (兑现台账)")
@paginate(Page)
def list_claims(request, filters: Query[ClaimFilters]):
    require_scope(request, "policies:read")
    _require(request, policy_selectors.may_open)
    params = {"state": filters.state or "", "year": str(filters.year or ""), "article": str(filters.article_id or "")}
    return Mapped(policy_selectors.search_claims(request.user, params), claim_out)


def _claim(request, number):
    claim = policy_selectors.visible_claims(request.user).filter(number=number).first()
    if claim is None:
        raise ApiError(404, "not_found", _("No such claim."))
    return claim


@router.get("/claims/{number}", response=ClaimOut, summary="One claim")
def get_claim(request, number: str):
    require_scope(request, "policies:read")
    return claim_out(_claim(request, number))


@router.get("/claims/{number}/events", response=list[EventOut], summary="Its history")
def get_claim_events(request, number: str):
    require_scope(request, "policies:read")
    return events_out(_claim(request, number).events.all(), claim_workflow.event_label)


class ClaimIn(In):
    credit_code: CreditCode = Field(min_length=18)
    article_id: BodyId
    requested: float = Field(gt=0, lt=1e10, description="yuan")
    statement: str = Field("", max_length=5000)


@router.post("/claims", response={201: ClaimOut}, summary="Apply for an article on an enterprise's behalf")
def create_claim(request, payload: ClaimIn):
    """A partner platform (the enterprise's app) or a butler's system applies (申报)."""
    require_scope(request, "policies:write")
    article = Article.objects.select_related("document").filter(pk=payload.article_id).first()
    if article is None:
        raise ApiError(404, "not_found", _("No such article."))
    claim = policy_services.submit_claim(actor=request.user, enterprise=_enterprise(payload.credit_code),
                                         article=article, requested=f"{payload.requested:.2f}",
                                         statement=payload.statement, channel=Claim.Channel.API)
    return Answer(201, claim_out(claim))


class ClaimActionIn(In):
    version: BodyCount
    amount: float | None = Field(None, gt=0, lt=1e10, description="approve (yuan)")
    note: str = Field("", max_length=5000, description="approve, confirm_approval, decide_objection")
    reason: str | None = Field(None, max_length=5000, description="reject, return_review, return_payment")
    objection_id: BodyId | None = Field(None, description="decide_objection")
    uphold: StrictBool | None = Field(None, description="decide_objection")
    voucher: str | None = Field(None, max_length=60, description="pay")
    paid_on: Day | None = Field(None, description="pay: the voucher's date (default today, never later)")


@router.post("/claims/{number}/actions/{code}", response=ClaimOut,
             summary="Review and confirm, decide an objection, pay and confirm (two people of the issuing unit)")
def act_on_claim(request, number: str, code: Literal[tuple(claim_workflow.ACTIONS)], payload: ClaimActionIn):
    require_scope(request, "policies:write")
    claim, p, user, v = _claim(request, number), payload, request.user, str(payload.version)
    if code == "approve":
        policy_services.approve(claim=claim, actor=user, amount=None if p.amount is None else f"{p.amount:.2f}",
                                note=p.note, version=v)
    elif code == "confirm_approval":
        policy_services.confirm_approval(claim=claim, actor=user, note=p.note, version=v)
    elif code in ("reject", "return_review", "return_payment"):
        getattr(policy_services, code)(claim=claim, actor=user, reason=p.reason, version=v)
    elif code == "decide_objection":
        policy_services.decide_objection(claim=claim, actor=user, objection=p.objection_id, uphold=bool(p.uphold),
                                         note=p.note, version=v)
    elif code == "pay":
        policy_services.pay(claim=claim, actor=user, voucher=p.voucher, paid_on=p.paid_on, version=v)
    else:
        policy_services.confirm_payment(claim=claim, actor=user, version=v)
    return claim_out(_claim(request, number))
