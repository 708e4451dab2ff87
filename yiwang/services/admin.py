from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from yiwang.privacy.admin import PersonalNumbersAdmin

from . import catalogue
from .models import Applicant, Application, ApprovalStep, Bundle, BundleItem, GuideVersion, Material, ServiceItem


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    fields = ["position", "name", "form", "copies", "medium", "file_types", "required", "deferrable", "shared_key",
              "notes", "sample", "blank_form"]


class StepInline(admin.TabularInline):
    model = ApprovalStep
    extra = 0
    fields = ["position", "name", "kind", "unit", "role", "limit_days"]


class VersionInline(admin.TabularInline):
    model = GuideVersion
    extra = 0
    fields = ["number", "published_at", "published_by"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "item_type", "unit", "promised_days", "statutory_days", "published", "version"]
    list_filter = ["item_type", "unit", "published", "handling_kind"]
    search_fields = ["code", "name", "keywords"]
    readonly_fields = ["version", "updated_at"]
    inlines = [MaterialInline, StepInline, VersionInline]
    fieldsets = [
        (None, {"fields": ["code", "basic_code", "name", "item_type", "unit", "applicant_kinds", "published", "online",
                           "version", "updated_at"]}),
        (_("Guide"), {"fields": ["legal_basis", "conditions", "process", "result_name", "keywords"]}),
        (_("Time limits"), {"fields": ["handling_kind", "promised_days", "statutory_days", "commitment_allowed"]}),
        (_("Fees, place and contacts"), {"fields": ["fee", "fee_basis", "visits", "place", "hours", "consult",
                                                    "complain"]}),
        (_("Application form"), {"fields": ["form_fields"]}),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        version = catalogue.publish_guide(form.instance, request.user)
        messages.info(request, _("Guide version %(n)s is current.") % {"n": version.number})


class BundleItemInline(admin.TabularInline):
    model = BundleItem
    extra = 0
    autocomplete_fields = ["item"]


@admin.register(Bundle)
class BundleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "published"]
    inlines = [BundleItemInline]


@admin.register(Applicant)
class ApplicantAdmin(PersonalNumbersAdmin):
    list_display = ["name", "kind", "is_active"]
    search_fields = ["name"]
    exclude = ["user"]

    @admin.display(description=_("active"), boolean=True)
    def is_active(self, obj):
        return obj.user.is_active


@admin.register(Application)
class ApplicationAdmin(PersonalNumbersAdmin):
    """Read-only: applications change only through the workflow."""
    list_display = ["number", "item", "applicant_name", "status", "submitted_at"]
    list_filter = ["status", "channel"]
    search_fields = ["number", "applicant_name"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
