from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from yiwang.privacy.admin import PersonalNumbersAdmin, without_links
from yiwang.privacy.masking import mask_phone
from yiwang.singleton import SingletonAdmin

from .models import Rating, Settings, TextMessage


@admin.register(Settings)
class SettingsAdmin(SingletonAdmin):
    list_display = ["__str__", "rectify_workdays", "appeal_workdays", "invite_by_text"]


@admin.register(TextMessage)
class TextMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "masked_phone", "purpose", "sent_at"]
    fields = readonly_fields = ["masked_phone", "text", "purpose", "created_at", "sent_at"]

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)

    @admin.display(description=_("text"))
    def text(self, obj):
        return without_links(obj.body)


@admin.register(Rating)
class RatingAdmin(PersonalNumbersAdmin):
    list_display = ["rated_at", "level", "channel", "unit"]
    list_filter = ["level", "channel"]

    def has_change_permission(self, request, obj=None):
        return False
