"""阳光答辩 and 阳光质询 sessions, and the questions waiting for an answer."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang import forms
from yiwang.errors import ActionRefused
from yiwang.orgs import roles as R

from .. import selectors, services
from ..models import PolicyDocument, Question, Session
from .common import PAGE_SIZE, _require_editor, _require_open


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


@login_required
def question_list(request):
    """The questions a unit answers (the office: every one), open ones first by their answer date."""
    _require_open(request.user)
    qs = selectors.questions_for(request.user, request.GET)
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "policies/questions.html", {"page": page, "query": query.urlencode(),
                                                       "params": request.GET, "now": timezone.now()})
