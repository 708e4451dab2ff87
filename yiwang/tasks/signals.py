"""What key tasks add to other apps' pages: on the hot-issue page, a leader's form that makes an
issue a key task (每月一题)."""
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone

from yiwang.insight.signals import hot_issue_page
from yiwang.orgs import roles as R

from . import workflow


@receiver(hot_issue_page)
def make_it_a_task(sender, issue, user, request, **kwargs):
    if not (R.roles_of(user) & workflow.ASSIGNERS):
        return None
    from yiwang.orgs.selectors import unit_tree

    from .services import active_units

    tree = getattr(request, "_task_unit_tree", None)
    if tree is None:
        tree = request._task_unit_tree = unit_tree(active_units())
    return render_to_string("tasks/_from_hot_issue.html", {
        "issue": issue, "orders": ",".join(o.number for o in issue.orders), "units": tree,
        "today": timezone.localdate()}, request=request)
