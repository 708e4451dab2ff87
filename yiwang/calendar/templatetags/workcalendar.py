from django import template

from yiwang.calendar import services

register = template.Library()


@register.inclusion_tag("workcalendar/year_end_warning.html")
def year_end_warning():
    """The banner that tells administrators next year's holidays are still missing."""
    return {"warning": services.year_end_warning()}
