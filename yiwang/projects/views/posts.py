"""Command posts: the list with its totals, one post's timeline and meetings."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from yiwang import forms
from yiwang.documents.excel import Sheet, stamp, xlsx_response
from yiwang.errors import ActionRefused
from yiwang.orgs import roles as R
from yiwang.orgs.models import Unit

from .. import selectors, services
from ..models import CommandPost
from .common import _require_open


@login_required
def post_list(request):
    _require_open(request.user)
    errors = {}
    if request.method == "POST":
        try:
            post = services.create_command_post(
                actor=request.user, name=request.POST.get("name"), leader=request.POST.get("leader"),
                units=Unit.objects.filter(pk__in=[u for u in request.POST.getlist("units") if u.isdigit()]),
                description=request.POST.get("description", ""))
        except ValidationError as exc:
            errors = forms.errors(exc)
        except ActionRefused as exc:
            raise PermissionDenied(exc.message) from None
        else:
            return redirect("projects:post", pk=post.pk)
    th = selectors.thresholds()
    posts = [(p, p.projects.count(), selectors.milestones({"light": "red", "command_post": str(p.pk)}, th).count())
             for p in CommandPost.objects.prefetch_related("units")]
    if request.GET.get("export") == "xlsx":
        sheet = Sheet(_("Command posts"), [_("Command post"), _("Leader in charge"), _("Member units"), _("Projects"),
                                           _("Overdue milestones")], widths=(24, 12, 50, 8, 10))
        for post, n, late in posts:
            sheet.row([post.name, post.leader, "、".join(u.name for u in post.units.all()), n, late])
        return xlsx_response(sheet.content(), f"command-posts-{stamp()}.xlsx")
    return render(request, "projects/posts.html", {
        "posts": posts, "errors": errors, "post": request.POST,
        "may_set": bool(R.roles_of(request.user) & {R.SUPERVISOR, R.LEADER}),
        "units": Unit.objects.filter(is_active=True, handles_orders=True).order_by("code")})


@login_required
def post_detail(request, pk):
    _require_open(request.user)
    from yiwang.tasks.models import Meeting

    post = get_object_or_404(CommandPost.objects.prefetch_related("units"), pk=pk)
    th = selectors.thresholds()
    return render(request, "projects/post.html", {
        "post": post, "timeline": selectors.timeline(post, th),
        "totals": selectors.totals(post.projects.all(), "command_post"),
        "meetings": Meeting.objects.filter(command_post=post.name).order_by("-held_on")[:20]})
