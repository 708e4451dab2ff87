"""The one domain error. Services raise it; pages show its message; the API returns its code."""


class ActionRefused(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self):
        return str(self.message)


def limited(value, what, limit=None):
    """`value` stripped, refused when longer than `limit` (TEXT_MAX_CHARS by default)."""
    from django.conf import settings
    from django.utils.translation import gettext as _

    value = (value or "").strip()
    limit = limit or settings.TEXT_MAX_CHARS
    if len(value) > limit:
        raise ActionRefused("too_long", _("%(what)s may have at most %(max)d characters (this has %(n)d).")
                            % {"what": what, "max": limit, "n": len(value)})
    return value


def required(value, what, limit=None):
    """`value` stripped, refused when empty or too long; the message names `what`."""
    from django.utils.translation import gettext as _

    value = limited(value, what, limit)
    if not value:
        raise ActionRefused("missing", _("Please fill in %(what)s.") % {"what": what})
    return value
