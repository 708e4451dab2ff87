"""The password policy, by settings (PASSWORD_MIN_LENGTH, PASSWORD_MIN_CLASSES), with messages in
the product's own catalogue."""
import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class LengthValidator:
    def validate(self, password, user=None):
        if len(password) < settings.PASSWORD_MIN_LENGTH:
            raise ValidationError(_("The password is too short: at least %(n)d characters.")
                                  % {"n": settings.PASSWORD_MIN_LENGTH}, code="password_too_short")

    def get_help_text(self):
        return _("At least %(n)d characters.") % {"n": settings.PASSWORD_MIN_LENGTH}


def classes(password):
    return sum(any(c in group for c in password) for group in (
        string.ascii_lowercase, string.ascii_uppercase, string.digits)) + any(
        not c.isalnum() for c in password)


class ClassesValidator:
    def validate(self, password, user=None):
        if classes(password) < settings.PASSWORD_MIN_CLASSES:
            raise ValidationError(_("The password must mix at least %(n)d of: lower-case letters, capitals, digits, "
                                    "symbols.") % {"n": settings.PASSWORD_MIN_CLASSES}, code="password_classes")

    def get_help_text(self):
        return _("At least %(n)d of: lower-case letters, capitals, digits, symbols.") % {
            "n": settings.PASSWORD_MIN_CLASSES}


class NotOnlyDigitsValidator:
    def validate(self, password, user=None):
        if password.isdigit():
            raise ValidationError(_("The password may not be only digits (a date, a phone number)."),
                                  code="password_entirely_numeric")

    def get_help_text(self):
        return _("Not only digits.")


class PasswordAgeRecorder:
    """Not a check: Django tells every validator when a password was set, which starts its age."""

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        from django.utils import timezone

        from .models import AccountState

        if user is not None and user.pk:
            AccountState.objects.update_or_create(user=user, defaults={"password_changed_at": timezone.now()})

    def get_help_text(self):
        return ""
