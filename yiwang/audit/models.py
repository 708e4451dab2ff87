"""The audit log (等保 2.0 安全审计): every important action, in one append-only table whose rows
are chained by a keyed hash, so that an edited, removed or inserted row is found by
`yiwang audit verify`."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Entry(models.Model):
    at = models.DateTimeField(_("time"), db_index=True)
    # Who, as they were called then: renaming or removing a user rewrites nothing here.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING,
                              related_name="+", verbose_name=_("user"), db_constraint=False)
    actor_name = models.CharField(_("log-in"), max_length=150, blank=True, db_index=True)
    actor_display = models.CharField(_("name"), max_length=100, blank=True)
    action = models.CharField(_("action"), max_length=40, db_index=True)
    target = models.CharField(_("record"), max_length=120, blank=True, db_index=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    previous = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        permissions = [("read_audit_log", _("Read and export the audit log"))]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("the audit log is append-only")
        super().save(*args, **kwargs)
