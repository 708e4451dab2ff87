from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Attempt, Delivery, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "kinds", "user", "is_active", "created_at"]
    list_filter = ["is_active"]


class AttemptInline(admin.TabularInline):
    model = Attempt
    extra = 0
    can_delete = False
    readonly_fields = ["at", "status", "error", "duration_ms"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The delivery log: every event, its attempts, and a button to send it again."""

    list_display = ["created_at", "event", "subscription", "state", "attempts", "last_status", "next_attempt_at",
                    "delivered_at"]
    list_filter = ["state", "event", "subscription"]
    search_fields = ["event_id", "payload"]
    readonly_fields = ["subscription", "event_id", "event", "payload", "state", "attempts", "next_attempt_at",
                       "last_status", "last_error", "created_at", "delivered_at"]
    inlines = [AttemptInline]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send again"))
    def send_again(self, request, queryset):
        for delivery in queryset:
            services.redeliver(delivery)
        messages.success(request, _("%(n)s deliveries queued again.") % {"n": queryset.count()})
