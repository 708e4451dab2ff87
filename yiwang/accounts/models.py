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
