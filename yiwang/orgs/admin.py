from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

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


def is_administrator(user):
    """One of the three administrators, or a superuser (an emergency account made at the console)."""
    return user.is_superuser or bool(R.roles_of(user) & R.ADMINISTRATORS)


class SeparatedRolesForm(UserChangeForm):
    def clean_groups(self):
        """Administrator roles are given and taken at the console (`yiwang administrators`), never
        on a page: otherwise one administrator makes a second account another's equal."""
        groups = self.cleaned_data.get("groups")
        wanted = {g.name for g in groups or ()} & R.ADMINISTRATORS
        held = set(self.instance.groups.values_list("name", flat=True)) & R.ADMINISTRATORS if self.instance.pk else set()
        if wanted != held:
            raise forms.ValidationError(_("The system administrator, the security administrator and the auditor are "
                                          "appointed at the console (yiwang administrators), not on this page."))
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

    def has_change_permission(self, request, obj=None):
        """No administrator changes another administrator's account (its password, second factor,
        roles or state): that is done at the console, where two people stand."""
        if obj is not None and obj.pk != request.user.pk and is_administrator(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and is_administrator(obj):
            return False
        return super().has_delete_permission(request, obj)

    actions = ["issue_enrolment_code"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if R.SECURITY not in R.roles_of(request.user) and not request.user.is_superuser:
            actions.pop("issue_enrolment_code", None)
        return actions

    @admin.action(description=gettext_lazy("Give a second-factor enrolment code"))
    def issue_enrolment_code(self, request, queryset):
        """The security administrator gives each person chosen a one-time code to bind their first
        authenticator app, shown once here to hand or text to them; administrators get theirs at the
        console (yiwang administrators enrol USER --by WHO)."""
        from django.contrib import messages

        from yiwang.accounts import enrolment

        if R.SECURITY not in R.roles_of(request.user) and not request.user.is_superuser:
            raise PermissionDenied(_("Only the security administrator gives enrolment codes."))
        for user in queryset:
            if is_administrator(user):
                messages.error(request, _("%(who)s is an administrator: their code is given at the console.") % {
                    "who": user.get_username()})
                continue
            code = enrolment.issue(user, by=request.user, request=request)
            messages.warning(request, _("Enrolment code of %(who)s: %(code)s (shown once; valid %(hours)s hours).") % {
                "who": user.get_username(), "code": code, "hours": settings.TWO_FACTOR_ENROLMENT_HOURS})

    def user_change_password(self, request, id, form_url=""):
        """Only the security administrator sets a password here, and never an administrator's (their
        own they change at /account/password/, the others' are reset at the console)."""
        target = self.get_object(request, id)
        if target is None or is_administrator(target) or R.SECURITY not in R.roles_of(request.user):
            raise PermissionDenied(_("Only the security administrator sets another person's password here, and "
                                     "never an administrator's (that is done at the console)."))
        return super().user_change_password(request, id, form_url)

    def get_inlines(self, request, obj):
        return [] if R.SECURITY in R.roles_of(request.user) and not request.user.is_superuser else self.inlines


admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class SecondFactorAdmin(admin.ModelAdmin):
    """Second factors as the security administrator needs them: whose, confirmed or not, and the
    removal of a lost one (the person then sets up a new one at the next log-in). The secret key
    is never shown to anyone, and an administrator's device is removed only at the console."""

    # django-otp's field names are English and untranslated: each column is named here instead.
    list_display = ["owner", "device", "is_confirmed", "created", "last_used"]
    list_filter = ["confirmed"]
    search_fields = ["user__username", "name"]
    fields = ["owner", "device", "is_confirmed", "created", "last_used"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("person"), ordering="user__username")
    def owner(self, obj):
        staff = getattr(obj.user, "staff", None)
        return f"{staff.display_name}（{obj.user.get_username()}）" if staff and staff.display_name else \
            obj.user.get_username()

    @admin.display(description=gettext_lazy("authenticator app"))
    def device(self, obj):
        return obj.name

    @admin.display(description=gettext_lazy("set up"), boolean=True)
    def is_confirmed(self, obj):
        return obj.confirmed

    @admin.display(description=gettext_lazy("created at"), ordering="created_at")
    def created(self, obj):
        return obj.created_at

    @admin.display(description=gettext_lazy("last used at"), ordering="last_used_at")
    def last_used(self, obj):
        return obj.last_used_at

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is not None and is_administrator(obj.user):
            return False
        return super().has_delete_permission(request, obj)
