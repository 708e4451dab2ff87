from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .models import Staff, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "handles_orders", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ["user", "display_name", "unit"]
    search_fields = ["user__username", "display_name", "unit__name"]
    autocomplete_fields = ["unit"]


class StaffInline(admin.StackedInline):
    model = Staff
    can_delete = False
    autocomplete_fields = ["unit"]


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class UserWithStaffAdmin(UserAdmin):
    """Unit and roles (groups) on the same page as the account."""

    inlines = [StaffInline]
    list_display = ["username", "staff", "is_active", "last_login"]
    list_filter = ["groups", "is_active"]
