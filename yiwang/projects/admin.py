from django.contrib import admin

from yiwang.singleton import SingletonAdmin

from .models import CommandPost, Settings, Step


@admin.register(Settings)
class SettingsAdmin(SingletonAdmin):
    list_display = ["yellow_workdays", "approval_cap_workdays", "report_day", "acceptance_limit_workdays"]
    filter_horizontal = ["acceptance_units"]


@admin.register(Step)
class StepAdmin(admin.ModelAdmin):
    """The milestones a new project of each kind starts with (existing projects keep theirs)."""

    list_display = ["kind", "seq", "name", "code", "stage", "oc4ids_type"]
    list_filter = ["kind"]
    ordering = ["kind", "seq"]


@admin.register(CommandPost)
class CommandPostAdmin(admin.ModelAdmin):
    list_display = ["name", "leader"]
    filter_horizontal = ["units"]
    readonly_fields = ["created_at"]
