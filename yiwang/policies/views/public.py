"""The public pages: the notice of grants with its objections, one grant, a session's questions and answers."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang import throttle
from yiwang.errors import ActionRefused

from .. import services
from ..models import Claim, PolicyDocument, Session


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
