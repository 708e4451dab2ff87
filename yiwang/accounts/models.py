from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountState(models.Model):
    """What the password policy needs to know of an account: when its password was last set."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_state")
    password_changed_at = models.DateTimeField(_("password changed at"))

    class Meta:
        verbose_name = _("account state")
        verbose_name_plural = _("account states")


class EnrolmentCode(models.Model):
    """A one-time code the security administrator gives a person, out of band, to bind their first
    authenticator app: a password alone (perhaps leaked) never binds one. Kept as a salted hash."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_code")
    digest = models.CharField(max_length=128)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("second-factor enrolment code")
        verbose_name_plural = _("second-factor enrolment codes")
