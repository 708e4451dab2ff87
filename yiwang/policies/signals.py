"""What policies add to the enterprise's one page: the articles it qualifies for (and why not),
its claims and payouts, and the butler's way to apply on its behalf."""
from django.dispatch import receiver
from django.template.loader import render_to_string

from yiwang.enterprises.signals import enterprise_page
from yiwang.orgs import roles as R

from . import selectors


@receiver(enterprise_page)
def policies_panel(sender, enterprise, user, request, **kwargs):
    articles, others = selectors.split(selectors.articles_for(enterprise))
    claims = enterprise.claims.select_related("article__document").order_by("-created_at")
    return render_to_string("policies/_enterprise_panel.html", {
        "e": enterprise, "articles": articles, "others": others, "claims": claims,
        "may_apply": bool(R.roles_of(user) & {R.BUTLER})}, request=request)
