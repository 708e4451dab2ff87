"""The project's own deployment checks (`yiwang check --deploy`)."""
from django.conf import settings
from django.core.checks import Error, Tags, register


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
