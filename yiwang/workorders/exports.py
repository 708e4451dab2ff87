"""Excel export of a filtered list. Personal numbers are always masked here."""
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from yiwang.privacy.masking import mask_id_number, mask_phone

from . import deadlines, permissions


def orders_workbook(user, orders):
    clock = deadlines.Clock.load()
    wb = Workbook()
    ws = wb.active
    ws.title = _("Work orders")
    headers = [_("Order number"), _("Received at"), _("Type"), _("Channel"), _("Urgency"), _("Title"),
               _("Category"), _("Street"), _("Address"), _("Caller name"), _("Caller phone"), _("ID-card number"),
               _("Status"), _("Lead unit"), _("Deadline"), _("Time left"), _("Satisfaction")]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)

    def when(value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    for o in orders:
        hidden = permissions.caller_hidden(user, o)
        ws.append([
            o.number, when(o.created_at), o.get_order_type_display(), o.get_channel_display(),
            o.get_urgency_display(), o.title, o.category.path if o.category else "",
            o.street.name if o.street else "", o.address,
            _("Confidential") if hidden else o.caller_name,
            "" if hidden else mask_phone(o.caller_phone), "" if hidden else mask_id_number(o.caller_id_number),
            o.get_status_display(), o.lead_unit.name if o.lead_unit else "", when(o.deadline),
            deadlines.warning(o, clock).text, o.get_satisfaction_display(),
        ])
    for column, width in zip("ABCDEFGHIJKLMNOPQ", (16, 17, 8, 10, 8, 40, 24, 12, 24, 10, 14, 20, 14, 16, 17, 16, 10)):
        ws.column_dimensions[column].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
