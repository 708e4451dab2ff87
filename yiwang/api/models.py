import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What a key may be allowed to do; the acting user's roles still decide on each case.
SCOPES = {
    "workorders:read": _("read work orders"),
    "workorders:write": _("file work orders and act on them"),
    "applications:read": _("read applications"),
    "applications:write": _("submit applications and act on them"),
    "ratings:read": _("read ratings and rectification cases"),
    "ratings:write": _("record ratings"),
    "open311": _("file requests through Open311 GeoReport v2"),
    "tasks:read": _("read key tasks and meetings"),
    "tasks:write": _("set key tasks, record meetings and act on tasks"),
    "suggestions:read": _("read suggestions"),
    "suggestions:write": _("submit suggestions and review them"),
    "proposals:read": _("read deputies' suggestions and CPPCC proposals"),
    "proposals:write": _("register and act on deputies' suggestions and CPPCC proposals"),
    "enterprises:read": _("read the enterprise registry and visits"),
    "enterprises:write": _("add and update enterprises, record visits"),
    "policies:read": _("read policy matches and claims"),
    "policies:write": _("apply for policies and act on claims"),
    "projects:read": _("read major projects, joint acceptances and investors' interests"),
    "projects:write": _("register projects, report progress, act on acceptances and interests"),
    "assistance:read": _("read the assistance data centre's people, households and warnings (masked, audited)"),
    "assistance:write": _("record the street's visit of an assistance warning"),
}


def hash_key(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiKey(models.Model):
    """A key issued by an administrator to another system. Only its hash is stored; the key
    acts as its service user, whose roles decide what it may do."""

    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("key begins with"), max_length=12, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.CharField(_("scopes"), max_length=1000, help_text=_("Comma-separated, e.g. workorders:write"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_keys",
                             verbose_name=_("acts as"))
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, name, scopes, user):
        unknown = sorted(set(scopes) - set(SCOPES))
        if unknown:
            raise ValueError(f"unknown scope: {', '.join(unknown)} (known: {', '.join(SCOPES)})")
        raw = f"yw_{secrets.token_urlsafe(32)}"
        key = cls.objects.create(name=name, prefix=raw[:12], key_hash=hash_key(raw), scopes=",".join(scopes),
                                 user=user)
        return key, raw

    @classmethod
    def find(cls, raw):
        return cls.objects.select_related("user").filter(key_hash=hash_key(raw or ""), revoked_at__isnull=True).first()

    def has_scope(self, scope):
        return scope in {s.strip() for s in self.scopes.split(",")}

    def revoke(self):
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])


class IdempotentRequest(models.Model):
    """A write seen with an Idempotency-Key: a retry with the same key gets the stored answer
    instead of doing the write again."""

    owner = models.CharField(max_length=64, help_text="a hash of the caller's credentials")
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64, help_text="method, path and body, hashed")
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(blank=True, default=b"")
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="idempotent_request_unique_key")]
