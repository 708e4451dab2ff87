"""Forms collect and render; the services validate (one rule, one place)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Application, ApplicantKind


class ApplicantForm(forms.Form):
    applicant_kind = forms.ChoiceField(label=_("Applicant kind"), choices=ApplicantKind.choices,
                                       initial=ApplicantKind.PERSON, widget=forms.RadioSelect)
    applicant_name = forms.CharField(label=_("Name (person or organisation)"), max_length=100, required=False)
    id_number = forms.CharField(label=_("ID-card number"), max_length=18, required=False)
    credit_code = forms.CharField(label=_("Unified social credit code"), max_length=18, required=False)
    legal_rep = forms.CharField(label=_("Legal representative"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    delivery = forms.ChoiceField(label=_("How you receive the result"), required=False, widget=forms.RadioSelect,
                                 choices=Application.Delivery.choices)
    mail_recipient = forms.CharField(label=_("Recipient"), max_length=50, required=False)
    mail_phone = forms.CharField(label=_("Recipient's phone"), max_length=20, required=False)
    mail_address = forms.CharField(label=_("Mailing address"), max_length=200, required=False)


DELIVERY_FIELDS = ("delivery", "mail_recipient", "mail_phone", "mail_address")


class AssistForm(forms.Form):
    assist_kind = forms.ChoiceField(label=_("Assisted handling"), required=False,
                                    choices=[("", _("No: the applicant applies in person"))]
                                    + list(Application.AssistKind.choices))


class RegisterForm(ApplicantForm):
    delivery = mail_recipient = mail_phone = mail_address = None  # asked with each application
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, required=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, required=False)
