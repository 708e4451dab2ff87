from django import template

from yiwang.reviews import services
from yiwang.reviews.models import Rating, RatingChannel

register = template.Library()


@register.inclusion_tag("reviews/_rating_box.html", takes_context=True)
def rating_box(context, case, mode="staff"):
    """The case's rating on its page; where it is not rated yet, the way to rate it: the rating
    link for the citizen (portal, tracking page), the pad for the hall's clerk."""
    rating = Rating.objects.filter(**{"order" if services.kind_of(case) == "o" else "application": case}).first()
    refusal = None if rating else services.rating_refusal(case)
    request = context.get("request")
    link = None
    if rating is None and refusal is None:
        link = services.rating_url(case, RatingChannel.PORTAL, request) if mode == "public" else None
    return {"rating": rating, "refusal": refusal, "link": link, "mode": mode, "case": case,
            "pad": mode == "hall" and rating is None and refusal is None}
