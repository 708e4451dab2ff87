from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yiwang.orgs.models import Unit

from .models import Category, Channel, OrderType, Urgency


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.path


def body_field(label):
    return forms.CharField(label=label, max_length=settings.ORDER_BODY_MAX_CHARS,
                           widget=forms.Textarea(attrs={"rows": 5}))


class IntakeForm(forms.Form):
    """The hotline agent's form, in the order of a call: the number (the switchboard fills it),
    who calls, what kind of request, then the matter itself."""

    caller_phone = forms.CharField(label=_("Caller phone"), max_length=20, required=False,
                                   widget=forms.TextInput(attrs={"autofocus": True, "inputmode": "tel"}))
    caller_name = forms.CharField(label=_("Caller name"), max_length=50, required=False)
    caller_id_number = forms.CharField(label=_("ID-card number"), max_length=18, required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE)
    # No default: a forgotten field must not file a complaint as a consultation (a shorter limit).
    order_type = forms.ChoiceField(label=_("Type"), choices=[("", "—"), *OrderType.choices])
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    confidential = forms.BooleanField(label=_("Caller asks for confidentiality"), required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = body_field(pgettext_lazy("request", "Content"))
    category = CategoryChoiceField(label=_("Category"), required=False,
                                   queryset=Category.objects.filter(is_active=True).select_related("parent__parent"))
    street = forms.ModelChoiceField(label=_("Street"), required=False,
                                    queryset=Unit.objects.filter(kind=Unit.Kind.STREET, is_active=True))
    community = forms.ModelChoiceField(label=_("Community"), required=False,
                                       queryset=Unit.objects.filter(kind=Unit.Kind.COMMUNITY, is_active=True))
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    latitude = forms.DecimalField(label=_("Latitude"), required=False, max_digits=9, decimal_places=6,
                                  min_value=-90, max_value=90)
    longitude = forms.DecimalField(label=_("Longitude"), required=False, max_digits=9, decimal_places=6,
                                   min_value=-180, max_value=180)

    def clean(self):
        data = super().clean()
        if data.get("channel") == Channel.PHONE and not (data.get("caller_phone") or "").strip():
            self.add_error("caller_phone", _("A hotline call has a calling number: fill it in."))
        return data


class CitizenForm(forms.Form):
    order_type = forms.ChoiceField(label=_("What kind of request"), choices=[
        c for c in OrderType.choices])
    title = forms.CharField(label=_("Title"), max_length=200)
    body = body_field(_("Describe the matter"))
    street = forms.ModelChoiceField(label=_("Street"), required=False,
                                    queryset=Unit.objects.filter(kind=Unit.Kind.STREET, is_active=True))
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    caller_name = forms.CharField(label=_("Your name"), max_length=50)
    caller_phone = forms.CharField(label=_("Your phone (to follow the request)"), max_length=20)
    confidential = forms.BooleanField(label=_("Keep my identity confidential"), required=False)


class TrackForm(forms.Form):
    number = forms.CharField(label=_("Order number"), max_length=20)
    phone = forms.CharField(label=_("Phone given when filing"), max_length=20)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel (.xlsx) or CSV file"))
    source_system = forms.CharField(label=_("Source system"), max_length=40, initial="legacy-12345")
