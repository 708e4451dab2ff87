"""`yiwang check` warns when next year's holidays are not entered yet (from November)."""
from django.core.checks import Warning as CheckWarning
from django.db import DatabaseError


def calendar_years(app_configs=None, **kwargs):
    from . import services

    try:
        message = services.year_end_warning()
    except DatabaseError:  # before `yiwang migrate`: nothing to warn about yet
        return []
    return [CheckWarning(message, id="yiwang.W001")] if message else []
