"""The one way to make a link that leaves the product (a QR code on a notice, a text message, a
rating or case link): absolute, on the district's public address.

PUBLIC_BASE_URL is that address (`yiwang check --deploy` refuses a deployment without it); the
local demo and the tests set their own. Without it, a link made inside a request takes the
request's address; one made in the background cannot be made absolute, which is logged."""
import logging

from django.conf import settings

log = logging.getLogger(__name__)


def public_url(path, request=None):
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    if base:
        return base + path
    if request is not None:
        return request.build_absolute_uri(path)
    log.error("PUBLIC_BASE_URL is not set: the link %s cannot be made absolute", path)
    return path
