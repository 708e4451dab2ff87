"""What key tasks add to other apps' pages: on the hot-issue page, a leader's form that makes an
issue a key task (每月一题)."""
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone

from yiwang.insight.signals import hot_issue_page
from yiwang.orgs import roles as R

from . import workflow


def _followed(request):
    """The open 每月一题 tasks with their issue's documents, once per page."""
    cached = getattr(request, "_followed_issues", None)
    if cached is None:
        from yiwang.insight.services import documents_of

        from .models import OPEN_STATES, Source, Task

        cached = request._followed_issues = [
            (t, documents_of(t.tracked_issue.order_numbers))
            for t in Task.objects.filter(source=Source.MONTHLY_TOPIC, state__in=OPEN_STATES,
                                         tracked_issue__isnull=False).select_related("tracked_issue")]
    return cached


@receiver(hot_issue_page)
def make_it_a_task(sender, issue, user, request, **kwargs):
    """A hot issue already followed as a key task links to it; any other can be made one."""
    if not (R.roles_of(user) & workflow.ASSIGNERS):
        return None
    from yiwang.insight.services import any_alike
    from yiwang.orgs.selectors import unit_tree

    from .services import active_units

    for task, documents in _followed(request):
        if any_alike(issue.orders, documents):
            return render_to_string("tasks/_followed_issue.html", {"task": task}, request=request)

    tree = getattr(request, "_task_unit_tree", None)
    if tree is None:
        tree = request._task_unit_tree = unit_tree(active_units())
    return render_to_string("tasks/_from_hot_issue.html", {
        "issue": issue, "orders": ",".join(o.number for o in issue.orders), "units": tree,
        "today": timezone.localdate()}, request=request)
