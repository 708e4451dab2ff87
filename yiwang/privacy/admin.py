import re

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .fields import MASKS, EncryptedCharField
from .models import RevealLog


def _masked(field):
    kind = "id" if "id_number" in field.name else "phone"

    def show(obj):
        return MASKS[kind](getattr(obj, field.name))

    show.short_description = field.verbose_name
    show.__name__ = f"{field.name}_masked"
    return show


class PersonalNumbersAdmin(admin.ModelAdmin):
    """The admin never shows a full personal number: each encrypted field is left out of the form
    and shown masked instead. Full numbers are seen on the case's own page, by permission and
    audited."""

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        for field in self._encrypted():
            setattr(self, f"{field.name}_masked", _masked(field))

    def _encrypted(self):
        return [f for f in self.model._meta.concrete_fields if isinstance(f, EncryptedCharField)]

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or ()), *(f.name for f in self._encrypted())]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *(f"{f.name}_masked" for f in self._encrypted())]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        encrypted = {f.name for f in self._encrypted()}
        return [f for f in fields if f not in encrypted]


LINK = re.compile(r"https?://\S+")


def without_links(text):
    """A text message as the admin sees it: its links (activation, password reset) left out."""
    return LINK.sub(str(_("[link]")), text or "")


@admin.register(RevealLog)
class RevealLogAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "subject", "field", "ip"]
    list_filter = ["field"]
    search_fields = ["user__username", "subject"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
