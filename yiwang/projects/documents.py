"""联合验收意见: the one joint opinion as a PDF in the product's font, every unit's result in every
round, and a QR code that opens the opinion's verification page."""
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from yiwang.documents.pdf import qr_data_uri, render_pdf
from yiwang.links import public_url

from . import services


def opinion_pdf(acceptance, request=None):
    url = public_url(reverse("public_projects:verify", args=[acceptance.number]), request)
    rounds = {}
    for line in acceptance.inspections.select_related("unit").order_by("round", "unit__code"):
        rounds.setdefault(line.round, []).append(line)
    return render_pdf("projects/opinion.html", {
        "a": acceptance, "p": acceptance.project, "rounds": sorted(rounds.items()), "qr": qr_data_uri(url), "url": url,
        "used": services.workdays_used(acceptance), "issued": timezone.localtime(acceptance.opinion_at),
        "district": settings.YIWANG_DISTRICT_NAME})
