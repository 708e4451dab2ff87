from django.contrib import admin

from yiwang.singleton import SingletonAdmin

from .models import Settings


@admin.register(Settings)
class SettingsAdmin(SingletonAdmin):
    list_display = ["__str__", "answer_months", "complex_months", "rework_months"]
