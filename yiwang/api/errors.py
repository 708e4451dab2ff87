"""Every API error is JSON: a code, the message in Chinese and in English, and for bad input the
problems by field. One envelope for the API's own refusals, the services' domain errors,
validation errors and the framework's."""
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
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


def _pydantic_errors(exc):
    out = []
    for e in exc.errors:
        loc = [str(p) for p in e.get("loc", ()) if p not in ("body", "payload", "query", "path", "header")]
        field = ".".join(loc) or "body"
        out.append((field, _("Invalid value for %(field)s: %(problem)s") % {"field": field, "problem": e.get("msg", "")}))
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
    400: _lazy("The request is malformed."),
    404: _lazy("Not found."),
    405: _lazy("This method is not allowed here."),
    413: _lazy("The request is too large."),
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
            message = GENERIC.get(status, _lazy("The server could not answer this request."))
            replaced = response(status, STATUS_CODES.get(status, "server_error" if status >= 500 else "error"),
                                str(message))
            if answer.has_header("Allow"):
                replaced["Allow"] = answer["Allow"]
            return replaced
        return answer
