from django.contrib import admin

from yiwang.singleton import SingletonAdmin

from .models import Meeting, MeetingItem, Settings, StudyVisit, Task


@admin.register(Settings)
class SettingsAdmin(SingletonAdmin):
    list_display = ["__str__", "yellow_workdays", "report_grace_days", "notice_answer_workdays"]


class ItemInline(admin.TabularInline):
    model = MeetingItem
    extra = 0
    fields = ["seq", "text", "lead_unit", "due_on", "task"]
    readonly_fields = ["task"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["number", "held_on", "title", "kind", "chair"]
    list_filter = ["kind"]
    search_fields = ["number", "title", "command_post"]
    inlines = [ItemInline]
    readonly_fields = ["number", "created_by", "created_at"]


@admin.register(StudyVisit)
class StudyVisitAdmin(admin.ModelAdmin):
    list_display = ["number", "destination", "theme", "starts_on", "ends_on"]
    search_fields = ["number", "destination", "theme"]
    readonly_fields = ["number", "created_by", "created_at"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    """Read-only: a task changes through its workflow, on its page, with its history."""
    list_display = ["number", "title", "source", "lead_unit", "state", "deadline"]
    list_filter = ["state", "source"]
    search_fields = ["number", "title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
