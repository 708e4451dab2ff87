from django.contrib import admin

from .models import Campaign


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "audience", "starts_on", "ends_on", "award_fund", "published"]
    search_fields = ["code", "title"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            from django.utils import timezone

            obj.created_by, obj.created_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)
