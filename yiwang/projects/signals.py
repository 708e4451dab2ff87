"""What projects add to an enterprise's one page: the major projects it owns, where each stands."""
from django.dispatch import receiver
from django.template.loader import render_to_string

from yiwang.enterprises.signals import enterprise_page

from . import selectors


@receiver(enterprise_page)
def projects_panel(sender, enterprise, user, request, **kwargs):
    projects = list(enterprise.projects.prefetch_related("milestones"))
    if not projects:
        return None
    th = selectors.thresholds()
    rows = [(p, selectors.project_light(p, th), selectors.latest_progress(p)) for p in projects]
    return render_to_string("projects/_enterprise_panel.html", {"rows": rows}, request=request)
