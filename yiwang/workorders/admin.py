from django.contrib import admin

from yiwang.privacy.admin import PersonalNumbersAdmin

from .models import Category, OrderEvent, RoutingRule, TimeLimitPolicy, WorkOrder


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["path", "level", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["category", "street", "unit", "priority", "is_active"]
    list_filter = ["is_active", "street"]
    list_editable = ["priority", "is_active"]
    autocomplete_fields = ["category"]


@admin.register(TimeLimitPolicy)
class TimeLimitPolicyAdmin(admin.ModelAdmin):
    list_display = ["name", "order_type", "urgency", "dispatch_hours", "sign_for_hours", "handle_workdays",
                    "send_back_workdays", "max_extension_workdays", "callback_workdays", "is_active"]
    list_editable = ["is_active"]


class EventInline(admin.TabularInline):
    model = OrderEvent
    extra = 0
    can_delete = False
    fields = ["at", "action", "actor", "from_status", "to_status", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WorkOrder)
class WorkOrderAdmin(PersonalNumbersAdmin):
    """Read-only here: every change goes through the workflow on the order page."""

    list_display = ["number", "title", "order_type", "channel", "status", "lead_unit", "created_at"]
    list_filter = ["status", "order_type", "channel"]
    search_fields = ["number", "title"]
    inlines = [EventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
