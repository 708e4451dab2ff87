"""The pages of enterprise policies: documents and their articles (conditions written and checked),
matching, 免申即享 runs, claims from review to payment, the payout ledger, and the public sessions
(staff); the public notice with its objections and the sessions' questions and answers (public);
the enterprise's own page of policies, claims, questions and problems (portal)."""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import get_usage

from yiwang import forms, money, throttle
from yiwang.documents.excel import Sheet, stamp, xlsx_response
from yiwang.enterprises import industries
from yiwang.enterprises import selectors as enterprise_selectors
from yiwang.enterprises.models import Enterprise, Label
from yiwang.errors import ActionRefused
from yiwang.orgs import roles as R
from yiwang.orgs.models import Unit

from . import conditions, selectors, services, wording, workflow
from .models import Article, Claim, ExemptRun, PolicyDocument, Question, Session

PAGE_SIZE = 30


def _require_open(user):
    if not selectors.may_open(user):
        raise PermissionDenied(_("Your role may not open this page."))


def _require_editor(user):
    if not (R.roles_of(user) & services.EDITORS):
        raise PermissionDenied(_("Your role may not open this page."))


def _issuing_units():
    return Unit.objects.filter(is_active=True, kind__in=[Unit.Kind.BUREAU, Unit.Kind.STREET, Unit.Kind.DISTRICT])


# ---------------------------------------------------------------- documents and articles

@login_required
def document_list(request):
    _require_open(request.user)
    today = timezone.localdate()
    documents = PolicyDocument.objects.select_related("issuing_unit").prefetch_related("articles")
    return render(request, "policies/documents.html", {
        "documents": documents, "today": today, "may_edit": bool(R.roles_of(request.user) & services.EDITORS),
        "runs": ExemptRun.objects.filter(state=ExemptRun.State.DRAFT).select_related("article__document")})


@login_required
def document_new(request):
    _require_editor(request.user)
    errors, post = {}, request.POST
    if request.method == "POST":
        try:
            document = services.create_document(
                actor=request.user, number=post.get("number"), title=post.get("title"),
                issuing_unit=_issuing_units().filter(pk=post.get("issuing_unit") or 0).first(),
                valid_from=forms.day(post.get("valid_from")), valid_to=forms.day(post.get("valid_to")),
                state=post.get("state"), summary=post.get("summary", ""))
        except ValidationError as exc:
            errors = forms.errors(exc)
        except ActionRefused as exc:
            errors = {"__all__": exc.message}
        else:
            return redirect("policies:document", pk=document.pk)
    return render(request, "policies/document_new.html", {"errors": errors, "post": post, "units": _issuing_units(),
                                                          "states": PolicyDocument.State.choices})


@login_required
def document_detail(request, pk):
    _require_open(request.user)
    document = get_object_or_404(PolicyDocument.objects.select_related("issuing_unit"), pk=pk)
    claims = selectors.visible_claims(request.user).filter(article__document=document)
    may_edit = bool(R.roles_of(request.user) & services.EDITORS)
    errors = {}
    if request.method == "POST":
        _require_editor(request.user)
        try:
            budget = services.set_budget(actor=request.user, document=document, year=request.POST.get("year"),
                                         amount=request.POST.get("amount"))
        except ValidationError as exc:
            errors = forms.errors(exc)
        else:
            messages.success(request, _("The budget of %(year)s is %(amount)s.") % {
                "year": budget.year, "amount": money.words(budget.amount)})
            return redirect("policies:document", pk=document.pk)
    years = sorted({document.valid_from.year, document.valid_to.year, timezone.localdate().year} | set(
        range(document.valid_from.year, document.valid_to.year + 1)))
    return render(request, "policies/document.html", {
        "document": document, "articles": [(a, [wording.describe(c) for c in conditions.clauses(a.conditions)])
                                           for a in document.articles.all()],
        "sessions": document.sessions.all(), "totals": selectors.totals(claims, "document"), "may_edit": may_edit,
        "budgets": [dict(selectors.budget_of(document, y), year=y) for y in years], "errors": errors,
        "this_year": timezone.localdate().year})


ARTICLE_FIELDS = ["seq", "title", "content", "conditions", "amount", "formula", "cap", "mode", "materials",
                  "notice_days"]


@login_required
def article_edit(request, pk=None, document=None):
    _require_editor(request.user)
    article = get_object_or_404(Article, pk=pk) if pk else None
    document = article.document if article else get_object_or_404(PolicyDocument, pk=document)
    errors, values = {}, request.POST if request.method == "POST" else (
        {f: getattr(article, f) for f in ARTICLE_FIELDS} if article else {"seq": document.articles.count() + 1,
                                                                            "notice_days": 5, "mode": "apply"})
    rows, expressions = wording.split_for_form(values.get("conditions", "") if request.method != "POST" else "")
    if request.method == "POST":
        p = request.POST
        rows = list(zip(p.getlist("cond_field"), p.getlist("cond_op"), p.getlist("cond_value")))
        expressions = p.get("conditions", "")
        composed, row_errors = [], []
        for n, (field, op, value) in enumerate(rows, start=1):
            if not (field or value.strip()):
                continue
            try:
                composed.append(wording.compose(field, op, value))
            except ValueError as exc:
                row_errors.append(_("Condition row %(n)d: %(problem)s.") % {"n": n, "problem": exc})
        try:
            if row_errors:
                raise ValidationError({"conditions": row_errors})
            article = services.save_article(
                actor=request.user, document=document, seq=p.get("seq"), title=p.get("title"), content=p.get("content"),
                conditions_text="\n".join(composed + conditions.clauses(expressions)), amount=p.get("amount"),
                formula=p.get("formula", ""),
                cap=p.get("cap"), mode=p.get("mode"), materials=p.get("materials", ""),
                notice_days=p.get("notice_days", 5), article=article)
        except ValidationError as exc:
            errors = forms.errors(exc)
        except ActionRefused as exc:
            errors = {"__all__": exc.message}
        else:
            messages.success(request, _("The article is saved; its conditions were checked."))
            return redirect("policies:article", pk=article.pk)
    return render(request, "policies/article_edit.html", {
        "document": document, "article": article, "errors": errors, "values": values, "modes": Article.Mode.choices,
        "fields": [(k, v[1], v[2]) for k, v in conditions.FIELDS.items()], "rows": rows, "expressions": expressions,
        "operators": wording.FORM_OPERATORS, "labels": Label.objects.all(), "sizes": industries.SIZES[:4]})


@login_required
def article_detail(request, pk):
    """An article and the enterprises that qualify for it (matching), its runs and its claims."""
    _require_open(request.user)
    article = get_object_or_404(Article.objects.select_related("document__issuing_unit"), pk=pk)
    if request.GET.get("export") == "xlsx":
        matches = selectors.eligible(article)
        sheet = Sheet(_("Qualifying enterprises"), [_("Unified social credit code"), _("Name"), _("Size"),
                                                    _("Street"), _("Amount (yuan)")], widths=(22, 30, 8, 12, 12),
                      heading=str(article))
        for e, value in matches:
            sheet.row([e.credit_code, e.name, e.get_size_display(), e.street.name if e.street_id else "", value])
        return xlsx_response(sheet.content(), f"matches-{article.pk}-{stamp()}.xlsx")
    matches = selectors.matches(article)
    page = Paginator(matches, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "policies/article.html", {
        "article": article, "page": page, "query": "", "count": page.paginator.count,
        "clauses": [(c, wording.describe(c)) for c in conditions.clauses(article.conditions)],
        "runs": article.runs.all(),
        "claims": selectors.visible_claims(request.user).filter(article=article)[:50],
        "may_edit": bool(R.roles_of(request.user) & services.EDITORS),
        "may_run": bool(R.roles_of(request.user) & (services.EDITORS | R.UNIT_ROLES))})


@login_required
@require_POST
def run_start(request, pk):
    if not (R.roles_of(request.user) & (services.EDITORS | R.UNIT_ROLES)):
        raise PermissionDenied(_("Your role may not open this page."))
    article = get_object_or_404(Article, pk=pk)
    try:
        run = services.start_run(actor=request.user, article=article)
    except ActionRefused as exc:
        messages.error(request, exc.message)
        return redirect("policies:article", pk=article.pk)
    return redirect("policies:run", pk=run.pk)


@login_required
def run_detail(request, pk):
    _require_open(request.user)
    run = get_object_or_404(ExemptRun.objects.select_related("article__document"), pk=pk)
    if request.method == "POST":
        try:
            granted = services.confirm_run(run=run, actor=request.user, excluded=request.POST.getlist("exclude"))
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("%(n)d enterprises are granted, to be paid.") % {"n": len(granted)})
        return redirect("policies:run", pk=run.pk)
    excluded = set(run.excluded)
    granted = [i for i in run.items if i["enterprise"] not in excluded]
    return render(request, "policies/run.html", {
        "run": run, "granted": granted, "total": sum(Decimal(i["amount"]) for i in granted),
        "left_out": [i for i in run.items if i["enterprise"] in excluded],
        "budget": selectors.budget_of(run.article.document, run.year),
        "may_confirm": run.created_by_id != request.user.pk and bool(
            R.roles_of(request.user) & (services.EDITORS | R.UNIT_ROLES))})


# ---------------------------------------------------------------- claims and the ledger

@login_required
def claim_list(request):
    _require_open(request.user)
    qs = selectors.search_claims(request.user, request.GET)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(_claims_workbook(qs[:50000]), f"claims-{stamp()}.xlsx")
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "policies/claims.html", {
        "page": page, "query": query.urlencode(), "params": request.GET,
        "states": Claim.State.choices + [("granted", _("Granted, to be paid (any step)")),
                                         ("asked", _("Asked, awaiting review (any step)"))],
        "channels": Claim.Channel.choices})


def _claims_workbook(qs):
    sheet = Sheet(_("Payout ledger"), [_("Claim number"), _("Enterprise"), _("Unified social credit code"),
                                       _("Street"), _("Policy"), _("Article"), _("Year"), _("Channel"), _("State"),
                                       _("Amount asked (yuan)"), _("Amount granted (yuan)"), _("Paid at"),
                                       _("Payment voucher")], widths=(20, 26, 22, 10, 22, 24, 6, 12, 10, 12, 12, 18, 16))
    for c in qs:
        sheet.row([c.number, c.enterprise.name, c.enterprise.credit_code,
                   c.enterprise.street.name if c.enterprise.street_id else "", c.article.document.number,
                   f"第{c.article.seq}条 {c.article.title}", c.year, c.get_channel_display(), c.get_state_display(),
                   c.requested, c.amount, c.paid_at, c.voucher])
    return sheet.content()


def _visible_claim(request, number):
    claim = selectors.visible_claims(request.user).filter(number=number).first()
    if claim is None:
        raise Http404
    return claim


@login_required
def claim_file(request, number, pk):
    """A material the enterprise uploaded, for whoever may see the claim (the reviewer above all)."""
    _require_open(request.user)
    claim = _visible_claim(request, number)
    upload = get_object_or_404(claim.files, pk=pk)
    return FileResponse(upload.file.open("rb"), as_attachment=False, filename=upload.name)


@login_required
def claim_detail(request, number):
    _require_open(request.user)
    claim = _visible_claim(request, number)
    return render(request, "policies/claim.html", {
        "today": timezone.localdate(), "budget": selectors.budget_of(claim.article.document, claim.year),
        "c": claim, "actions": workflow.available(claim, request.user), "files": claim.files.all(),
        "objections": claim.objections.all(), "open_objections": claim.objections.filter(state="open"),
        "events": [(e, workflow.event_label(e.action)) for e in claim.events.select_related("actor__staff")]})


@login_required
@require_POST
def claim_act(request, number, code):
    _require_open(request.user)
    claim = _visible_claim(request, number)
    post, user, version = request.POST, request.user, request.POST.get("version")
    try:
        if code == "approve":
            services.approve(claim=claim, actor=user, amount=post.get("amount"), note=post.get("note", ""),
                             version=version)
        elif code == "confirm_approval":
            services.confirm_approval(claim=claim, actor=user, note=post.get("note", ""), version=version)
        elif code in ("return_review", "return_payment", "reject"):
            getattr(services, code)(claim=claim, actor=user, reason=post.get("reason"), version=version)
        elif code == "decide_objection":
            services.decide_objection(claim=claim, actor=user, objection=post.get("objection"),
                                      uphold=post.get("decision") == "uphold", note=post.get("note"), version=version)
        elif code == "pay":
            services.pay(claim=claim, actor=user, voucher=post.get("voucher"), paid_on=forms.day(post.get("paid_on")),
                         version=version)
        elif code == "confirm_payment":
            services.confirm_payment(claim=claim, actor=user, version=version)
        else:
            raise Http404
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": workflow.ACTIONS[code].label})
    return redirect("policies:claim", number=claim.number)


@login_required
@require_POST
def butler_apply(request, credit_code, pk):
    """The enterprise's butler applies on its behalf, from the enterprise's page."""
    enterprise = get_object_or_404(Enterprise, credit_code=credit_code)
    if not (R.roles_of(request.user) & {R.BUTLER}):
        raise PermissionDenied(_("Your role may not open this page."))
    article = get_object_or_404(Article, pk=pk)
    try:
        claim = services.submit_claim(actor=request.user, enterprise=enterprise, article=article,
                                      requested=request.POST.get("requested"), statement=request.POST.get("statement", ""),
                                      files=request.FILES.getlist("files"), channel=Claim.Channel.BUTLER)
    except ValidationError as exc:
        messages.error(request, "；".join(forms.errors(exc).values()))
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Claim %(number)s is submitted.") % {"number": claim.number})
    return redirect("enterprises:detail", credit_code=enterprise.credit_code)


@login_required
def ledger(request):
    """兑现台账: what the policies cost and delivered, by policy, issuing unit and street."""
    _require_open(request.user)
    qs = selectors.visible_claims(request.user)
    if (request.GET.get("year") or "").isdigit():
        qs = qs.filter(year=request.GET["year"])
    if request.GET.get("export") == "xlsx":
        sheet = Sheet(_("Payout ledger totals"), [_("By"), _("Name"), _("Paid (yuan)"), _("Paid claims"),
                                                  _("Granted, to be paid (yuan)"), _("Granted claims"),
                                                  _("Asked, awaiting review (yuan)"), _("Claims awaiting review")],
                      heading=_("Year %(year)s") % {"year": request.GET["year"]} if request.GET.get("year") else "")
        for by, label in (("document", _("Policy")), ("unit", _("Issuing unit")), ("street", _("Street"))):
            rows = selectors.totals(qs, by)
            for r in rows + [selectors.total_row(rows)]:
                sheet.row([str(label), r["name"], r["paid"], r["paid_n"], r["granted"], r["granted_n"], r["asked"],
                           r["asked_n"]])
        return xlsx_response(sheet.content(), f"ledger-{stamp()}.xlsx")
    tables = {by: selectors.totals(qs, by) for by in ("document", "unit", "street")}
    years = sorted(set(selectors.visible_claims(request.user).values_list("year", flat=True)), reverse=True)
    return render(request, "policies/ledger.html", {
        "by_document": tables["document"], "by_unit": tables["unit"], "by_street": tables["street"],
        "total": selectors.total_row(tables["document"]), "years": years, "params": request.GET})


# ---------------------------------------------------------------- sessions (阳光答辩 / 阳光质询)

@login_required
def session_list(request):
    _require_open(request.user)
    errors, post = {}, request.POST
    if request.method == "POST":
        _require_editor(request.user)
        try:
            session = services.create_session(
                actor=request.user, document=get_object_or_404(PolicyDocument, pk=post.get("document") or 0),
                kind=post.get("kind"), title=post.get("title"), held_on=forms.day(post.get("held_on")),
                open_until=forms.day(post.get("open_until")))
        except ValidationError as exc:
            errors = forms.errors(exc)
        else:
            return redirect("policies:session", pk=session.pk)
    return render(request, "policies/sessions.html", {
        "sessions": Session.objects.select_related("document"), "errors": errors, "post": post,
        "documents": PolicyDocument.objects.all(), "kinds": Session.Kind.choices,
        "undelivered": selectors.undelivered_units(), "may_edit": bool(R.roles_of(request.user) & services.EDITORS)})


@login_required
def session_detail(request, pk):
    _require_open(request.user)
    session = get_object_or_404(Session.objects.select_related("document__issuing_unit"), pk=pk)
    if request.method == "POST":
        question = get_object_or_404(Question, pk=request.POST.get("question") or 0, session=session)
        try:
            services.answer(question=question, actor=request.user, text=request.POST.get("answer"))
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The answer is published."))
        return redirect("policies:session", pk=session.pk)
    unit = R.unit_of(request.user)
    may_answer = bool(R.roles_of(request.user) & services.EDITORS) or (
        bool(R.roles_of(request.user) & R.UNIT_ROLES) and unit is not None)
    return render(request, "policies/session.html", {
        "session": session, "questions": session.questions.select_related("enterprise", "unit"),
        "may_answer": may_answer, "unit": unit, "now": timezone.now()})


# ---------------------------------------------------------------- public pages

def public_notice(request):
    """公示: the claims granted and on notice, and the policies in force; anyone may object."""
    today = timezone.localdate()
    on_notice = Claim.objects.filter(state=Claim.State.NOTICE, notice_until__gte=today).select_related(
        "enterprise", "article__document")
    return render(request, "policies/public_notice.html", {
        "claims": on_notice, "documents": PolicyDocument.objects.filter(
            state=PolicyDocument.State.ISSUED, valid_to__gte=today).prefetch_related("articles"),
        "sessions": Session.objects.select_related("document")[:20]})


def public_object(request, number):
    claim = get_object_or_404(Claim, number=number)
    gate = throttle.Gate(request, "fault")
    if gate.refused:
        return gate.refusal()
    error = None
    if request.method == "POST" and not gate.captcha_passed:
        error = _("The answer was wrong; try the new one.")
    elif request.method == "POST":
        try:
            services.object_to(claim=claim, text=request.POST.get("text"), name=request.POST.get("name", ""))
        except ActionRefused as exc:
            error = exc.message
        else:
            messages.success(request, _("Your objection is recorded; the issuing unit decides on it."))
            return redirect("public_policies:notice")
    return render(request, "policies/public_object.html", {"c": claim, "error": error, "captcha": gate.captcha_form})


def public_session(request, pk):
    session = get_object_or_404(Session.objects.select_related("document__issuing_unit"), pk=pk)
    return render(request, "policies/public_session.html", {
        "session": session, "questions": session.questions.select_related("enterprise", "unit")})


# ---------------------------------------------------------------- the enterprise portal

portal_required = login_required(login_url=reverse_lazy("portal:login"))


def _own_enterprise(request):
    profile = getattr(request.user, "applicant", None)
    code = getattr(profile, "credit_code", "") if profile else ""
    enterprise = Enterprise.objects.filter(credit_code=code).first() if code else None
    if enterprise is None:
        raise PermissionDenied(_("This account is not an enterprise of the district's registry."))
    return enterprise


@portal_required
def portal_home(request):
    enterprise = _own_enterprise(request)
    today = timezone.localdate()
    return render(request, "policies/portal.html", {
        "e": enterprise, **dict(zip(("articles", "others"), selectors.split(selectors.articles_for(enterprise)))),
        "claims": enterprise.claims.select_related("article__document").order_by("-created_at"),
        "sessions": Session.objects.filter(open_until__gte=today).select_related("document"),
        "questions": enterprise.questions.select_related("session", "unit"), "ratings": Question.Rating.choices,
        "problems": enterprise_selectors.problems_for_portal(enterprise, request)})


@portal_required
@require_POST
def portal_apply(request, pk):
    enterprise = _own_enterprise(request)
    article = get_object_or_404(Article, pk=pk)
    try:
        claim = services.submit_claim(actor=request.user, enterprise=enterprise, article=article,
                                      requested=request.POST.get("requested"),
                                      statement=request.POST.get("statement", ""), files=request.FILES.getlist("files"))
    except ValidationError as exc:
        messages.error(request, "；".join(forms.errors(exc).values()))
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Claim %(number)s is submitted.") % {"number": claim.number})
    return redirect("policies_portal:home")


@portal_required
@require_POST
def portal_ask(request, pk):
    enterprise = _own_enterprise(request)
    session = get_object_or_404(Session, pk=pk)
    try:
        services.ask(session=session, enterprise=enterprise, text=request.POST.get("text"))
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your question is sent; the answer will be public."))
    return redirect("policies_portal:home")


@portal_required
@require_POST
def portal_rate(request, pk):
    enterprise = _own_enterprise(request)
    question = get_object_or_404(Question, pk=pk)
    delivered = {"yes": True, "no": False}.get(request.POST.get("delivered"))
    try:
        services.rate_answer(question=question, enterprise=enterprise, rating=request.POST.get("rating"),
                             delivered=delivered)
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you for your rating."))
    return redirect("policies_portal:home")


@portal_required
@require_POST
def portal_problem(request):
    """An enterprise raises a problem: it enters the 12345 loop, followed by its butler."""
    from yiwang.enterprises import services as enterprise_services

    enterprise = _own_enterprise(request)
    usage = get_usage(request, group="portal-problem", key="user", rate=settings.PORTAL_PROBLEM_RATE, method="POST",
                      increment=True)
    if usage and usage["should_limit"]:
        return render(request, "throttled.html", status=429)
    try:
        order = enterprise_services.raise_problem(enterprise=enterprise, text=request.POST.get("text"),
                                                  actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(forms.errors(exc).values()))
    else:
        messages.success(request, _("Your problem is number %(number)s; follow it below, under what you raised.") % {
            "number": order.number})
    return redirect("policies_portal:home")
