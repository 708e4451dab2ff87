"""Excel exports of ratings and rectification cases: masked phones, Chinese headers."""
from django.utils.translation import gettext as _

from yiwang.documents.excel import Sheet
from yiwang.privacy.masking import mask_phone


def _book(title, header, rows):
    sheet = Sheet(title, header, widths=[16] * len(header))
    for row in rows:
        sheet.row(row)
    return sheet.content()


def ratings_workbook(ratings):
    header = [_("Case number"), _("Rating"), _("Channel"), _("Responsible unit"), _("Comment"), _("Indicators"),
              _("Rater's name"), _("Rater's phone"), _("Rated at"), _("Rectification case")]
    rows = ([r.case_number, r.get_level_display(), r.get_channel_display(), r.unit.name if r.unit else "", r.comment,
             "；".join(f"{label} {score}" for label, score in r.indicator_rows()), r.rater_name,
             mask_phone(r.rater_phone), r.rated_at, getattr(getattr(r, "rectification", None), "number", "")]
            for r in ratings)
    return _book(_("Ratings"), header, rows)


def cases_workbook(cases):
    header = [_("Case number"), _("Source"), _("Responsible unit"), _("State"), _("What went wrong"), _("Opened at"),
              _("Rectify by"), _("Rectification or reason"), _("Feedback to the rater"), _("Rater's name"),
              _("Rater's phone"), _("Called back at")]
    rows = ([c.number, c.get_source_display(), c.unit.name, c.get_state_display(), c.summary, c.created_at,
             c.due, c.result, c.feedback, c.reporter_name, mask_phone(c.reporter_phone), c.called_back_at]
            for c in cases)
    return _book(_("Rectification cases"), header, rows)
