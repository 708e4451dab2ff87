"""API keys in the admin: an administrator issues a key (shown once, on the page that follows,
never stored or sent anywhere else), changes its name and scopes, and revokes it."""
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .models import SCOPES, ApiKey
from .services import issue_key, revoke_key


class ScopesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(label=_("scopes"), choices=[(code, f"{code} · {label}") for code, label in SCOPES.items()],
                         **kwargs)


class IssueForm(forms.ModelForm):
    scope_list = ScopesField()
    user = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"), required=False,
        label=_("acts as"), help_text=_("Leave blank for a new service user of its own (api:NAME) with the "
                                        "hotline-agent role. The user's roles decide what the key may see and do."))

    class Meta:
        model = ApiKey
        fields = ["name"]


class ChangeForm(forms.ModelForm):
    scope_list = ScopesField()

    class Meta:
        model = ApiKey
        fields = ["name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope_list"].initial = [s for s in self.instance.scopes.split(",") if s in SCOPES]

    def save(self, commit=True):
        self.instance.scopes = ",".join(self.cleaned_data["scope_list"])
        return super().save(commit)


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "scopes", "user", "created_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__username"]
    actions = ["revoke"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        return super().get_form(request, obj, change=change, form=ChangeForm if obj else IssueForm, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "scope_list", "user"]
        return ["name", "scope_list", "prefix", "user", "created_at", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        return ["prefix", "user", "created_at", "revoked_at"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        key, raw = issue_key(name=form.cleaned_data["name"], scopes=form.cleaned_data["scope_list"],
                             user=form.cleaned_data["user"])
        obj.pk, obj.prefix, obj.user, obj.scopes, obj.created_at = key.pk, key.prefix, key.user, key.scopes, key.created_at
        request.issued_key = raw

    def response_add(self, request, obj, post_url_continue=None):
        """The new key on a page of its own, once: it is not kept anywhere to show again."""
        return TemplateResponse(request, "admin/api/apikey/issued.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "key": obj, "raw": request.issued_key,
            "title": _("API key issued")})

    @admin.action(description=_("Revoke the chosen keys"))
    def revoke(self, request, queryset):
        keys = list(queryset.filter(revoked_at__isnull=True))
        for key in keys:
            revoke_key(key)
        messages.success(request, _("%(n)s keys revoked; requests with them are refused from now on.")
                         % {"n": len(keys)})
