"""The notices and results an application prints: acceptance, correction, refusal and the
result, each a PDF with the application number and a QR code to follow it."""
import hmac

from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.documents.pdf import qr_data_uri, render_pdf
from yiwang.links import public_url
from yiwang.privacy.masking import mask_id_number, mask_phone

from .models import Acceptance, ApplicantKind, Decision, Status

KINDS = {
    "acceptance": _("Acceptance notice"),
    "correction": _("Notice of materials to correct"),
    "refusal": _("Notice of non-acceptance"),
    "result": _("Result document"),
    "commitment": _("Written commitment (告知承诺书)"),
}


def available(app):
    kinds = []
    if app.item.commitment_allowed and (app.acceptance == Acceptance.COMMITMENT or (
            app.status == Status.SUBMITTED and app.materials.filter(state="missing", required=True).exists())):
        kinds.append("commitment")  # printed for the applicant to sign at the window
    if app.acceptance:
        kinds.append("acceptance")
    if app.correction_text:
        kinds.append("correction")
    if app.status == Status.REJECTED:
        kinds.append("refusal")
    if app.decision and app.status in (Status.TO_DELIVER, Status.MAILED, Status.DELIVERED):
        kinds.append("result")
    return kinds


def title(app, kind):
    if kind == "result":
        return app.item.result_name if app.decision == Decision.APPROVE else _("Decision not to grant")
    return KINDS[kind]


def follow_token(number):
    return signing.Signer(salt="yiwang.services.follow").signature(number)[:20]


def token_matches(number, token):
    return hmac.compare_digest(follow_token(number), token or "")


def follow_url(app, request=None):
    return public_url(reverse("portal:follow", args=[app.number, follow_token(app.number)]), request)


def render(app, kind, request=None):
    url = follow_url(app, request)
    # A notice carries the date of the act it records, however often it is printed again.
    issued = {"acceptance": app.accepted_at, "refusal": app.finished_at, "result": app.decided_at}
    identity = app.credit_code if app.applicant_kind == ApplicantKind.ORG else mask_id_number(app.id_number)
    rate_qr = None
    if kind == "result" or app.status == Status.REJECTED:  # the receipt a finished case ends with
        from yiwang.reviews.services import rating_url

        rate_qr = qr_data_uri(rating_url(app, "qr", request))
    return render_pdf(f"documents/{kind}.html", {
        "rate_qr": rate_qr,
        "app": app, "item": app.item, "title": title(app, kind), "follow_url": url, "qr": qr_data_uri(url),
        "identity": identity, "phone": mask_phone(app.contact_phone),
        "materials": list(app.materials.all()), "pending": app.acceptance == Acceptance.PENDING,
        "commitment": app.acceptance == Acceptance.COMMITMENT, "approved": app.decision == Decision.APPROVE,
        "issued_at": timezone.localtime(issued.get(kind) or timezone.now()), "doc_is_result": kind == "result",
        "form_rows": app.form_rows,
        "missing": [m for m in app.materials.all() if m.state in ("missing", "committed") and m.required],
    })
