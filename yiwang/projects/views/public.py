"""The public pages: published opportunities and projects, registering interest, photos, the
opinion's verification and the OC4IDS package."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from yiwang import forms, throttle
from yiwang.errors import ActionRefused

from .. import oc4ids, selectors, services
from ..models import Acceptance, Opportunity, Project


def public_list(request):
    opportunities = Opportunity.objects.filter(published_at__isnull=False, closed=False).select_related(
        "project__street")
    projects = Project.objects.filter(public=True).select_related("street", "owner").prefetch_related("milestones")
    return render(request, "projects/public_list.html", {
        "opportunities": opportunities, "projects": [(p, selectors.latest_progress(p)) for p in projects],
        "total": sum((o.project.total_investment for o in opportunities), 0)})


def public_detail(request, pk):
    project = get_object_or_404(Project.objects.select_related("street", "owner"), pk=pk)
    opportunity = Opportunity.objects.filter(project=project, published_at__isnull=False).first()
    if not project.public and opportunity is None:
        raise Http404
    gate = throttle.Gate(request, "default")
    if gate.refused:
        return gate.refusal()
    errors, post = {}, request.POST
    if request.method == "POST":
        if opportunity is None or opportunity.closed:
            raise Http404
        if not gate.captcha_passed:
            errors = {"captcha": _("The answer was wrong; try the new one.")}
        else:
            try:
                interest = services.register_interest(
                    opportunity=opportunity, investor=post.get("investor"), contact_name=post.get("contact_name"),
                    phone=post.get("phone"), credit_code=post.get("credit_code", ""), message=post.get("message", ""))
            except ValidationError as exc:
                errors = forms.errors(exc)
            except ActionRefused as exc:
                errors = {"__all__": exc.message}
            else:
                messages.success(request, _("Your interest is registered as %(number)s; the district will contact "
                                            "you.") % {"number": interest.number})
                return redirect("public_projects:detail", pk=project.pk)
    th = selectors.thresholds()
    return render(request, "projects/public_detail.html", {
        "p": project, "opportunity": opportunity, "errors": errors, "post": post, "captcha": gate.captcha_form,
        "milestones": [(m, selectors.light(m, th)) for m in project.milestones.all()] if project.public else [],
        "reports": project.reports.prefetch_related("photos")[:12] if project.public else [],
        "progress": selectors.latest_progress(project)})


def public_photo(request, pk):
    from ..models import Photo

    photo = get_object_or_404(Photo.objects.select_related("report__project"), pk=pk)
    project = photo.report.project
    if not (project.public or (request.user.is_authenticated and selectors.may_open(request.user))
            or services.may_report(request.user, project)):
        raise Http404
    from django.http import FileResponse

    return FileResponse(photo.file.open("rb"), filename=photo.name)


def verify(request, number):
    """The QR code on a joint opinion opens this: the opinion as issued, to check a paper copy."""
    case = get_object_or_404(Acceptance.objects.select_related("project"), number=number,
                             state=Acceptance.State.ISSUED)
    return render(request, "projects/verify.html", {"a": case})


def oc4ids_json(request):
    from django.http import JsonResponse

    return JsonResponse(oc4ids.package(request.build_absolute_uri("/")), json_dumps_params={"ensure_ascii": False})
