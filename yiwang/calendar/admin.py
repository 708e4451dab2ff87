from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

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

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        calendar_changed.send(sender=queryset.model)


@admin.register(CalendarYear)
class CalendarYearAdmin(NotifyingAdmin):
    """Deleting a year deletes its holidays and make-up days too: its dates are then counted
    Monday to Friday, marked provisional, until the year is entered again."""

    list_display = ["year", "source", "note", "updated_at"]

    def delete_model(self, request, obj):
        SpecialDay.objects.filter(date__year=obj.year).delete()
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        SpecialDay.objects.filter(date__year__in=list(queryset.values_list("year", flat=True))).delete()
        super().delete_queryset(request, queryset)


class SpecialDayForm(forms.ModelForm):
    class Meta:
        model = SpecialDay
        fields = ["date", "is_workday", "name"]

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day and not CalendarYear.objects.filter(year=day.year).exists():
            raise forms.ValidationError(
                _("%(year)s is not in the working-day calendar yet: add the calendar year %(year)s first, then its "
                  "holidays and make-up days.") % {"year": day.year})
        return day


@admin.register(SpecialDay)
class SpecialDayAdmin(NotifyingAdmin):
    form = SpecialDayForm
    list_display = ["date", "is_workday", "name"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"
    search_fields = ["name"]
