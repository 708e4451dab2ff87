"""What every Excel export shares: the download response and how a moment is written."""
from django.http import HttpResponse
from django.utils import timezone

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content, filename):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def stamp():
    """The time part of an export's file name: when it was made, local time."""
    return f"{timezone.localtime():%Y%m%d-%H%M}"


def local_time(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""
