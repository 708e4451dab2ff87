"""Policy documents and their articles (conditions written and checked), matching, 免申即享 runs."""
import re
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiwang import forms, money
from yiwang.documents.excel import Sheet, stamp, xlsx_response
from yiwang.enterprises import industries
from yiwang.enterprises.models import Label
from yiwang.errors import ActionRefused
from yiwang.orgs import roles as R

from .. import conditions, selectors, services, wording
from ..models import Article, ExemptRun, PolicyDocument
from .common import PAGE_SIZE, _issuing_units, _require_editor, _require_open


def number_key(number):
    """A document number compared as people read it: its runs of digits as numbers."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", number) if part]


@login_required
def document_list(request):
    _require_open(request.user)
    today = timezone.localdate()
    # 文号 in their numbers' order (云政发〔2026〕3号 before 11号), newest validity first.
    documents = sorted(PolicyDocument.objects.select_related("issuing_unit").prefetch_related("articles"),
                       key=lambda d: (-d.valid_from.toordinal(), number_key(d.number)))
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


@login_required
def run_list(request):
    """免申即享 runs waiting for a second person to confirm them."""
    _require_open(request.user)
    return render(request, "policies/runs.html", {"runs": selectors.runs_to_confirm(request.user)})
