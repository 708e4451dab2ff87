from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.utils.translation import gettext as _

from . import roles as R
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


class SeparatedRolesForm(UserChangeForm):
    def clean_groups(self):
        groups = self.cleaned_data.get("groups")
        held = {g.name for g in groups or ()} & R.ADMINISTRATORS
        if len(held) > 1:
            raise forms.ValidationError(_("The system administrator, the security administrator and the auditor are "
                                          "three different people: one account holds one of them."))
        return groups


ROLE_FIELDS = ("groups", "user_permissions", "is_superuser")


@admin.register(get_user_model())
class UserWithStaffAdmin(UserAdmin):
    """Unit and roles (groups) on the same page as the account. The system administrator edits the
    account and its unit, never its roles; the security administrator its roles, nothing else."""

    form = SeparatedRolesForm
    inlines = [StaffInline]
    list_display = ["username", "staff", "is_active", "last_login"]
    list_filter = ["groups", "is_active"]

    def get_readonly_fields(self, request, obj=None):
        held = R.roles_of(request.user)
        if request.user.is_superuser:
            return ()
        if R.SECURITY in held:
            every = [f for fs in self.get_fieldsets(request, obj) for f in fs[1]["fields"]]
            return [f for f in every if f not in ("groups", "user_permissions")]
        return ROLE_FIELDS

    def has_add_permission(self, request):
        return request.user.is_superuser or (R.ADMIN in R.roles_of(request.user) and super().has_add_permission(request))

    def get_inlines(self, request, obj):
        return [] if R.SECURITY in R.roles_of(request.user) and not request.user.is_superuser else self.inlines
