from django.contrib import admin

from .models import Settings


@admin.register(Settings)
class SettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "answer_months", "complex_months", "rework_months"]

    def has_add_permission(self, request):
        return not Settings.objects.exists()
