from django.contrib import admin

from .models import CalendarYear, SpecialDay
from .services import calendar_changed


class NotifyingAdmin(admin.ModelAdmin):
    """Every edit tells the deadline service, so stored deadlines follow the calendar."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        calendar_changed.send(sender=type(obj))

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        calendar_changed.send(sender=type(obj))


@admin.register(CalendarYear)
class CalendarYearAdmin(NotifyingAdmin):
    list_display = ["year", "source", "note", "updated_at"]


@admin.register(SpecialDay)
class SpecialDayAdmin(NotifyingAdmin):
    list_display = ["date", "is_workday", "name"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"
    search_fields = ["name"]
