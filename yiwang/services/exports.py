"""Excel exports of applications; personal numbers are always masked here."""
from django.utils.translation import gettext as _

from yiwang.documents.excel import Sheet
from yiwang.privacy.masking import mask_id_number, mask_phone

from . import deadlines


def applications_workbook(apps):
    sheet = Sheet(_("Applications"), [_("Application number"), _("Service item"), _("Implementing unit"), _("Channel"), _("Status"),
               _("Applicant"), _("ID-card number or credit code"), _("Contact phone"), _("Submitted"),
               _("Accepted"), _("Promised deadline"), _("Statutory deadline"), _("Working days used"),
               _("Time standing")], widths=(20, 24, 20, 8, 10, 16, 22, 14, 17, 17, 17, 17, 8, 14))
    for a in apps:
        identity = a.credit_code or mask_id_number(a.id_number)
        standing = getattr(a, "standing", None)
        sheet.row([a.number, a.item.name, a.item.unit.name, a.get_channel_display(), a.get_status_display(),
                   a.applicant_name, identity, mask_phone(a.contact_phone), a.submitted_at, a.accepted_at,
                   a.promised_deadline, a.statutory_deadline,
                   standing.used if standing and standing.used is not None else "",
                   str(deadlines.LEVEL_LABELS.get(standing.level, "")) if standing else ""])
    return sheet.content()

