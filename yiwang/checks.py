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
def data_keys(app_configs=None, **kwargs):
    if settings.DATA_KEYS and settings.INDEX_KEY:
        return []
    return [Warning(f"The keys of personal numbers at rest are in {settings.DATA_KEY_FILE}, beside the data: a copy "
                    "of that folder carries the keys with the ciphertext. Keep them in YIWANG_DATA_KEYS and "
                    "YIWANG_INDEX_KEY (and in the district's key escrow) instead.", id="yiwang.W003")]
