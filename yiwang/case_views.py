"""The one case-action view every kind of case's pages use: the action code from the address, its
inputs from the form, its service from the workflow table (yiwang.caseflow); a refusal is shown as a
message, a success says what was done; then back to the case's page."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from yiwang import caseflow
from yiwang.errors import ActionRefused


def act(request, *, table, services, case, code, back):
    """POST only (the caller's decorator says so); `back` is where to go afterwards (a URL or a
    redirect target)."""
    if code not in table.actions:
        raise Http404
    try:
        caseflow.perform(table, services, case, code, request.user, request.POST, request.FILES,
                         version=request.POST.get("version"))
    except ActionRefused as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        for message in (m for ms in exc.message_dict.values() for m in ms) if hasattr(exc, "error_dict") \
                else exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": table.actions[code].label})
    return redirect(back)
