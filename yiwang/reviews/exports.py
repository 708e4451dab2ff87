"""Excel exports of ratings and rectification cases: masked phones, Chinese headers."""
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from yiwang.documents.excel import local_time as _t
from yiwang.privacy.masking import mask_phone


def _book(title, header, rows):
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def ratings_workbook(ratings):
    header = [_("Case number"), _("Rating"), _("Channel"), _("Responsible unit"), _("Comment"), _("Indicators"),
              _("Rater's name"), _("Rater's phone"), _("Rated at"), _("Rectification case")]
    rows = ([r.case_number, r.get_level_display(), r.get_channel_display(), r.unit.name if r.unit else "", r.comment,
             "；".join(f"{label} {score}" for label, score in r.indicator_rows()), r.rater_name,
             mask_phone(r.rater_phone), _t(r.rated_at), getattr(getattr(r, "rectification", None), "number", "")]
            for r in ratings)
    return _book(_("Ratings"), header, rows)


def cases_workbook(cases):
    header = [_("Case number"), _("Source"), _("Responsible unit"), _("State"), _("What went wrong"), _("Opened at"),
              _("Rectify by"), _("Rectification or reason"), _("Feedback to the rater"), _("Rater's name"),
              _("Rater's phone"), _("Called back at")]
    rows = ([c.number, c.get_source_display(), c.unit.name, c.get_state_display(), c.summary, _t(c.created_at),
             _t(c.due), c.result, c.feedback, c.reporter_name, mask_phone(c.reporter_phone), _t(c.called_back_at)]
            for c in cases)
    return _book(_("Rectification cases"), header, rows)
