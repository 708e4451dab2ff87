"""What the project pages share: who may open them, history labels, flashing a refusal, a monthly report."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from yiwang import forms
from yiwang.errors import ActionRefused

from .. import selectors, services

PAGE_SIZE = 30


def _require_open(user):
    if not selectors.may_open(user):
        raise PermissionDenied(_("Your role may not open this page."))


def _require_follower(user):
    if not selectors.may_follow(user):
        raise PermissionDenied(_("Your role may not open this page."))


def _labelled(events, table):
    return [(e, table.event_label(e.action)) for e in events]


def _flash(request, exc):
    if isinstance(exc, ValidationError):
        for message in (m for ms in exc.message_dict.values() for m in ms):
            messages.error(request, message)
    else:
        messages.error(request, exc.message)


def _report(request, project):
    try:
        services.report_progress(actor=request.user, project=project, month=forms.day((request.POST.get("month") or "")
                                                                                   + "-01"),
                                 invested=request.POST.get("invested"), progress=request.POST.get("progress"),
                                 text=request.POST.get("text"), photos=request.FILES.getlist("photos"))
    except (ValidationError, ActionRefused) as exc:
        _flash(request, exc)
        return False
    messages.success(request, _("The month's progress is reported."))
    return True
