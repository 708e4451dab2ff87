"""What suggestion campaigns add to other apps' pages: on a hotline order of the type 建议, the
form that puts it into an open campaign."""
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone

from yiwang.orgs import roles as R
from yiwang.workorders.signals import order_page

from .models import Campaign, Suggestion


@receiver(order_page)
def campaign_panel(sender, order, user, actions, request, **kwargs):
    if order.order_type != "suggestion" or not (R.roles_of(user) & {R.AGENT, R.DISPATCHER}):
        return None
    joined = Suggestion.objects.filter(order=order).select_related("campaign").first()
    today = timezone.localdate()
    campaigns = [c for c in Campaign.objects.filter(published=True, starts_on__lte=today, ends_on__gte=today)]
    if joined is None and not campaigns:
        return None
    return render_to_string("suggestions/_order_panel.html", {"order": order, "joined": joined,
                                                              "campaigns": campaigns}, request=request)
