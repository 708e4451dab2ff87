"""The one reveal rule: a full number is shown only to a person holding the reveal permission (never to
an administrator: the role backend refuses them), only for a record that person may already open, only
for a field the record declares personal, and every time it is shown it is written to the reveal log
and the audit log.

Each module's reveal endpoint finds its record the way its pages do (404 when the person may not open
it) and hands the rest to `respond`; the check and the logging live here once."""
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _

from yiwang.audit.services import client_ip

from .permissions import PERMISSION, may_reveal  # noqa: F401 (one place to import the rule from)
from .services import record_reveal

def respond(request, *, subject, field, fields, value_of, hidden=False):
    """The JSON answer of a reveal endpoint. `fields` are the record's personal fields; `value_of(field)`
    gives the full value; `subject` names the record in the logs ("interest:TZ…")."""
    if field not in fields:
        raise Http404
    if not may_reveal(request.user, hidden=hidden):
        return JsonResponse({"code": "forbidden", "message": _("You may not see the full number.")}, status=403)
    record_reveal(user=request.user, subject=subject, field=field, ip=client_ip(request), request=request)
    return JsonResponse({"value": value_of(field)})
