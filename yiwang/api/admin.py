from django.contrib import admin

from .models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "scopes", "user", "created_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at"]
    actions = ["revoke"]

    @admin.action(description="Revoke")
    def revoke(self, request, queryset):
        for key in queryset:
            key.revoke()

    def has_add_permission(self, request):
        return False  # keys are created with `yiwang apikey create`, which shows the key once
