"""The grid inspector's phone page (网格员上报): a street problem with a photo and its place,
filed into the same work-order loop with the channel "grid inspection"."""
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from yiwang.orgs import roles as R
from yiwang.orgs.models import Unit

from . import services
from .models import Category, Channel, OrderType, WorkOrder

PHOTO_TYPES = ("jpg", "jpeg", "png")


def grid_categories():
    root = Category.objects.filter(parent=None, name=settings.GRID_CATEGORY_ROOT, is_active=True).first()
    if root is None:
        return Category.objects.none()
    leaves = Category.objects.filter(Q(parent=root) | Q(parent__parent=root), is_active=True, children__isnull=True)
    return leaves.select_related("parent").order_by("parent__name", "name")


def coordinate(value, low, high):
    """A latitude or longitude as stored (six decimals), or None if it is not a number in range."""
    try:
        number = Decimal(value)
        if not number.is_finite():
            return None
        number = number.quantize(Decimal("0.000001"))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if low <= number <= high else None


@login_required
def report(request):
    R.require_any(request.user, {R.INSPECTOR})
    grid = R.unit_of(request.user)
    if grid is None or grid.kind != Unit.Kind.GRID:
        grid = None
    categories = grid_categories()
    errors = {}
    if request.method == "POST":
        post = request.POST
        category = categories.filter(pk=post.get("category") or 0).first()
        photo = request.FILES.get("photo")
        if category is None:
            errors["category"] = _("Choose what kind of problem it is.")
        if photo is None:
            errors["photo"] = _("Take or choose a photo of the problem.")
        latitude = coordinate(post.get("latitude"), -90, 90)
        longitude = coordinate(post.get("longitude"), -180, 180)
        if not (post.get("address") or "").strip() and latitude is None:
            errors["address"] = _("Give the address or let the phone find the location.")
        if not errors:
            community = grid.parent if grid else None
            street = community.parent if community else None
            title = (post.get("title") or "").strip() or f"{category.name}：{(post.get('address') or '').strip()}"
            try:
                order = services.create_order(
                    actor=request.user, channel=Channel.GRID, order_type=OrderType.REPORT, title=title,
                    body=(post.get("body") or "").strip() or title, category=category, street=street,
                    community=community, grid=grid, address=post.get("address", ""), latitude=latitude,
                    longitude=longitude, caller_name=getattr(request.user.staff, "display_name", ""), files=[photo],
                    attachment_types=PHOTO_TYPES)
            except ValidationError as exc:  # a photo that is not a picture is the photo's error
                errors = {("photo" if k == "files" else k): v[0] for k, v in exc.message_dict.items()}
            else:
                messages.success(request, _("Reported as order %(n)s.") % {"n": order.number})
                return redirect("workorders:grid_report")
    mine = WorkOrder.objects.filter(created_by=request.user, channel=Channel.GRID).order_by("-created_at")[:20]
    return render(request, "workorders/grid_report.html", {
        "categories": categories, "grid": grid, "errors": errors, "post": request.POST, "mine": mine})
