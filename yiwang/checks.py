"""The project's own deployment checks (`yiwang check --deploy`)."""
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def public_base_url(app_configs=None, **kwargs):
    url = settings.PUBLIC_BASE_URL
    if not url:
        return [Error("PUBLIC_BASE_URL is not set: QR codes, rating and case links in text messages would have no "
                      "address (set it to the district's public https address, e.g. https://12345.example.gov.cn).",
                      id="yiwang.E001")]
    if not url.startswith("https://"):
        return [Error(f"PUBLIC_BASE_URL ({url}) is not an https address.", id="yiwang.E002")]
    return []


@register(Tags.security, deploy=True)
def secret_keys(app_configs=None, **kwargs):
    """Each secret its own: the session key neither published nor the demo's, the audit chain's
    key not derived from it (whoever holds SECRET_KEY, as every app server does, could then
    rewrite the log's recent rows with valid digests), the backups' not derived from the data key."""
    from . import settings as defaults

    found = []
    if settings.SECRET_KEY == defaults._DEV_KEY:
        found.append(Error("SECRET_KEY is the published development key: set a long random key of the district's own.",
                           id="yiwang.E003"))
    elif settings.SECRET_KEY_SOURCE == "demo":
        found.append(Error(f"SECRET_KEY is the key the demo made in {settings.HOME / 'demo-secret-key'}: a production "
                           "install sets SECRET_KEY in its environment.", id="yiwang.E004"))
    if not settings.AUDIT_KEY:
        found.append(Error("AUDIT_KEY is not set: the audit log's chain key would be derived from SECRET_KEY, which "
                           "every app server holds. Set a separate AUDIT_KEY (kept by the security administrator "
                           "and the district's key escrow).", id="yiwang.E005"))
    elif settings.AUDIT_KEY == settings.SECRET_KEY:
        found.append(Error("AUDIT_KEY is the same as SECRET_KEY: give the audit chain a key of its own.",
                           id="yiwang.E005"))
    if not settings.BACKUP_KEY:
        found.append(Warning("YIWANG_BACKUP_KEY is not set: backups are encrypted with a key derived from the data "
                             "key, so whoever holds the data key opens every backup. Set a separate backup key.",
                             id="yiwang.W004"))
    return found


@register(Tags.security, deploy=True)
def data_keys(app_configs=None, **kwargs):
    if settings.DATA_KEYS and settings.INDEX_KEY:
        return []
    return [Warning(f"The keys of personal numbers at rest are in {settings.DATA_KEY_FILE}, beside the data: a copy "
                    "of that folder carries the keys with the ciphertext. Keep them in YIWANG_DATA_KEYS and "
                    "YIWANG_INDEX_KEY (and in the district's key escrow) instead.", id="yiwang.W003")]
