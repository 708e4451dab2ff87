"""Every API error is JSON: a code, the message in Chinese and in English, and for bad input the
problems by field. One envelope for the API's own refusals, the services' domain errors,
validation errors and the framework's."""
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from yiwang.errors import ActionRefused
from yiwang.i18n import both

# The domain errors a client can fix by reloading or choosing again are conflicts with the
# case's state; the rest are bad input.
CONFLICT_CODES = {"not_allowed", "stale", "duplicate", "done", "closed", "too_late", "not_rateable", "not_ready",
                  "unpublished", "not_online", "no_steps", "no_policy", "calendar_unknown"}
STATUS_CODES = {400: "invalid", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
                409: "conflict", 413: "too_large", 422: "invalid", 429: "too_many_requests"}


class ApiError(Exception):
    def __init__(self, status, code, message, errors=None):
        super().__init__(message)
        self.status, self.code, self.message, self.errors = status, code, message, errors


def body(code, message, errors=None):
    zh, en = both(message)
    out = {"code": code, "message": zh, "message_en": en}
    if errors:
        out["errors"] = [{"field": field, "message": m_zh, "message_en": m_en}
                         for field, text in errors for m_zh, m_en in [both(text)]]
    return out


def response(status, code, message, errors=None):
    return JsonResponse(body(code, message, errors), status=status, json_dumps_params={"ensure_ascii": False})


def _field_errors(exc):
    if hasattr(exc, "error_dict"):
        return [(field, m) for field, messages in exc.message_dict.items() for m in messages]
    return [("__all__", m) for m in exc.messages]


def _problem(error):
    """What is wrong with one value, in the reader's language: pydantic's own messages are English
    (a library's error translated at the edge). The schema's constraints give the numbers."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    known = {
        "missing": _("it is required"),
        "string_too_long": _("at most %(n)s characters") % {"n": ctx.get("max_length")},
        "string_too_short": _("at least %(n)s characters") % {"n": ctx.get("min_length")},
        "string_pattern_mismatch": _("it is not in the expected form"),
        "string_type": _("give text"),
        "int_parsing": _("give a whole number"), "int_type": _("give a whole number"),
        "int_from_float": _("give a whole number"),
        "float_parsing": _("give a number"), "float_type": _("give a number"),
        "decimal_parsing": _("give a number"), "decimal_type": _("give a number"),
        "bool_parsing": _("give true or false"), "bool_type": _("give true or false"),
        "greater_than_equal": _("at least %(n)s") % {"n": ctx.get("ge")},
        "less_than_equal": _("at most %(n)s") % {"n": ctx.get("le")},
        "greater_than": _("more than %(n)s") % {"n": ctx.get("gt")},
        "less_than": _("less than %(n)s") % {"n": ctx.get("lt")},
        "date_parsing": _("give a date such as 2026-12-01"), "date_from_datetime_parsing": _("give a date such as 2026-12-01"),
        "datetime_parsing": _("give a date and time such as 2026-12-01T09:30:00+08:00"),
        "datetime_from_date_parsing": _("give a date and time such as 2026-12-01T09:30:00+08:00"),
        "enum": _("choose one of: %(values)s") % {"values": ctx.get("expected", "")},
        "literal_error": _("choose one of: %(values)s") % {"values": ctx.get("expected", "")},
        "list_type": _("give a list"), "dict_type": _("give an object"), "model_type": _("give an object"),
        "too_long": _("at most %(n)s items") % {"n": ctx.get("max_length")},
        "too_short": _("at least %(n)s items") % {"n": ctx.get("min_length")},
        "extra_forbidden": _("this field is not known"),
        "json_invalid": _("the body is not valid JSON"),
    }
    return known.get(kind, _("the value is not valid"))


def _pydantic_errors(exc):
    out = []
    for e in exc.errors:
        loc = [str(p) for p in e.get("loc", ()) if p not in ("body", "payload", "query", "path", "header")]
        field = ".".join(loc) or "body"
        out.append((field, _("Invalid value for %(field)s: %(problem)s") % {"field": field, "problem": _problem(e)}))
    return out


def install(api):
    """Register the handlers on a NinjaAPI."""

    @api.exception_handler(ApiError)
    def api_error(request, exc):
        return response(exc.status, exc.code, exc.message, exc.errors)

    # 400: the request does not fit the schema (the schema says so beforehand); 422: it fits,
    # and the product's rules refuse it (a check digit, an unknown category, a closed case's rule).
    @api.exception_handler(ActionRefused)
    def refused(request, exc):
        return response(409 if exc.code in CONFLICT_CODES else 422, exc.code, exc.message)

    @api.exception_handler(DjangoValidationError)
    def invalid(request, exc):
        return response(422, "invalid", _("The request has errors."), _field_errors(exc))

    @api.exception_handler(NinjaValidationError)
    def schema_invalid(request, exc):
        return response(400, "invalid", _("The request has errors."), _pydantic_errors(exc))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return response(401, "unauthorized", _("Send a valid API key: Authorization: Bearer KEY."))

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return response(exc.status_code, STATUS_CODES.get(exc.status_code, "error"), str(exc))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return response(404, "not_found", _("Not found."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return response(403, "forbidden", str(exc) or _("Your role may not do this."))


GENERIC = {
    400: gettext_lazy("The request is malformed."),
    404: gettext_lazy("Not found."),
    405: gettext_lazy("This method is not allowed here."),
    413: gettext_lazy("The request is too large."),
}


class JsonErrorsMiddleware:
    """Errors raised outside the API's handlers (an unknown path, a method the path does not take)
    get the same JSON envelope under /api/v1/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        answer = self.get_response(request)
        if (request.path.startswith("/api/v1/") and answer.status_code >= 400
                and not answer.get("Content-Type", "").startswith("application/json")):
            status = answer.status_code
            message = GENERIC.get(status, gettext_lazy("The server could not answer this request."))
            replaced = response(status, STATUS_CODES.get(status, "server_error" if status >= 500 else "error"),
                                str(message))
            if answer.has_header("Allow"):
                replaced["Allow"] = answer["Allow"]
            return replaced
        return answer
