"""Excel exports of applications; personal numbers are always masked here."""
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from yiwang.documents.excel import local_time as _t
from yiwang.privacy.masking import mask_id_number, mask_phone

from . import deadlines


def applications_workbook(apps):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Applications"))
    ws.append([_("Application number"), _("Service item"), _("Implementing unit"), _("Channel"), _("Status"),
               _("Applicant"), _("ID-card number or credit code"), _("Contact phone"), _("Submitted"),
               _("Accepted"), _("Promised deadline"), _("Statutory deadline"), _("Working days used"),
               _("Time standing")])
    for a in apps:
        identity = a.credit_code or mask_id_number(a.id_number)
        standing = getattr(a, "standing", None)
        ws.append([a.number, a.item.name, a.item.unit.name, a.get_channel_display(), a.get_status_display(),
                   a.applicant_name, identity, mask_phone(a.contact_phone), _t(a.submitted_at), _t(a.accepted_at),
                   _t(a.promised_deadline), _t(a.statutory_deadline),
                   standing.used if standing and standing.used is not None else "",
                   str(deadlines.LEVEL_LABELS.get(standing.level, "")) if standing else ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

