"""Texts other packages show in our pages that their own Chinese lacks or words badly. Our catalogue
is read before theirs, so a text listed here (and translated in yiwang/locale) is shown in our
words. Listed, never called: the extractor keeps them in the catalogue. (The admin's script texts
are in yiwang/locale/zh_Hans/LC_MESSAGES/djangojs.po.)"""
from django.utils.translation import gettext_noop, ngettext_lazy

# Django's length messages: its Chinese says "该变量" (this variable).
LENGTH = [
    ngettext_lazy("Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
                  "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
                  "limit_value"),
    ngettext_lazy("Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
                  "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
                  "limit_value"),
]

# The admin's history names a user's changed fields by their English labels ("已修改Groups。").
USER_FIELDS = [
    gettext_noop("Username"),
    gettext_noop("First name"),
    gettext_noop("Last name"),
    gettext_noop("Email address"),
    gettext_noop("Active"),
    gettext_noop("Staff status"),
    gettext_noop("Superuser status"),
    gettext_noop("Groups"),
    gettext_noop("User permissions"),
    gettext_noop("Last login"),
    gettext_noop("Date joined"),
    gettext_noop("Password"),
]

# django-axes (locked accounts), whose catalogue has no Chinese.
AXES = [
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Access Attempt"),
    gettext_noop("Access lock out"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Attempt Time"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Expires At"),
    gettext_noop("Failed Logins"),
    gettext_noop("Form Data"),
    gettext_noop("GET Data"),
    gettext_noop("HTTP Accept"),
    gettext_noop("IP Address"),
    gettext_noop("Locked Out"),
    gettext_noop("Logout Time"),
    gettext_noop("Meta Data"),
    gettext_noop("Not set"),
    gettext_noop("POST Data"),
    gettext_noop("Path"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("User Agent"),
]
