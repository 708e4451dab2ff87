"""The request being served on this thread, for the audit log's signal receivers (a role changed
in the admin, a timeline row written by a service) that are not handed the request."""
import contextvars

_request = contextvars.ContextVar("yiwang_request", default=None)


def current_request():
    return _request.get()


class CurrentRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
