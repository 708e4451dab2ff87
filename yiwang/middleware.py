"""Input the database cannot store is refused at the door.

PostgreSQL text cannot hold the NUL character; a query string or form field carrying one would
otherwise fail deep inside a query with a server error. Every such request gets a 400 naming the
field, in the shape its address speaks: the JSON error envelope under /api/v1/, the Open311 error
list under /open311/, plain text for pages. Uploaded files are not text and are not checked."""
from django.http import HttpResponse
from django.utils.translation import gettext as _

FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def unstorable_field(request):
    """The name of the first query or form field holding text the database cannot store, or None."""
    sources = [request.GET]
    if request.method == "POST" and request.content_type in FORM_TYPES:
        sources.append(request.POST)
    for source in sources:
        for name, values in source.lists():
            if "\x00" in name or any("\x00" in v for v in values):
                return name.replace("\x00", "\\0")
    return None


class StorableInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        field = unstorable_field(request)
        if field is None:
            return self.get_response(request)
        problem = _("%(field)s contains the NUL character, which cannot be stored.") % {"field": field}
        if request.path.startswith("/api/"):
            from yiwang.api.errors import response
            return response(400, "invalid", _("The request has errors."), [(field, problem)])
        if request.path.startswith("/open311/"):
            from yiwang.open311.views import errors_response
            return errors_response(request.path, 400, [(400, problem)])
        return HttpResponse(problem, status=400, content_type="text/plain; charset=utf-8")


class PrivateResponsesMiddleware:
    """No page or answer the product makes is kept by a browser or a proxy (they carry personal
    data; static files are served before this, by WhiteNoise, and stay cacheable), and the
    browser gets no camera, microphone or payment, and geolocation for the product itself only
    (the grid inspector's phone page)."""

    PERMISSIONS = "camera=(), microphone=(), payment=(), usb=(), geolocation=(self)"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cache-Control", "no-store, private")
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS)
        return response
