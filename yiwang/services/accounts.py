"""Portal accounts: registration confirmed by a text message to the phone given, and a forgotten
password reset by a text message to the account's phone.

Neither tells a stranger whether a number has an account: registering a number that has one
answers as a new registration does, and the account's holder gets the text instead (\"you have an
account already\"). The log-in name is random; the applicant logs in with their number
(yiwang.accounts.identity)."""
import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from yiwang import texts
from yiwang.accounts import identity
from yiwang.audit.services import record
from yiwang.links import public_url
from yiwang.privacy import crypto

from .models import Applicant, ApplicantKind

ACTIVATE_SALT = "portal.activate"


def activation_link(user, request=None):
    token = signing.TimestampSigner(salt=ACTIVATE_SALT).sign(str(user.pk))
    return public_url(reverse("portal:activate", args=[token]), request)


def reset_link(user, request=None):
    uid = urlsafe_base64_encode(str(user.pk).encode())
    return public_url(reverse("portal:password_reset_confirm", args=[uid, default_token_generator.make_token(user)]),
                      request)


def _stale(applicant):
    """A registration never confirmed within the link's life: it holds nobody's number."""
    user = applicant.user
    age = timezone.now() - user.date_joined
    return not user.is_active and user.last_login is None and age > dt.timedelta(hours=settings.PORTAL_ACTIVATE_HOURS)


def register(*, clean, data, request=None):
    """Register, or tell the holder of the number. Returns the text message queued."""
    login_id = clean["credit_code"] if data["applicant_kind"] == ApplicantKind.ORG else clean["id_number"]
    existing = identity.applicant_for(login_id)
    if existing is not None and _stale(existing):
        existing.user.delete()
        existing = None
    if existing is not None:
        user = existing.user
        if not user.is_active and user.last_login is None:  # its holder registering again: a new link
            body = _("[yiwang] Open this link within %(hours)d hours to finish creating your account: %(url)s") % {
                "hours": settings.PORTAL_ACTIVATE_HOURS, "url": activation_link(user, request)}
        else:
            body = _("[yiwang] Someone tried to create an account with your number. You have one already: log in "
                     "with your number; forgotten the password? %(url)s") % {
                "url": public_url(reverse("portal:password_reset"), request)}
        record("portal.register_again", request=request, target=f"user:{user.get_username()}")
        return texts.send(existing.phone, body, f"register:{user.pk}")
    with transaction.atomic():
        user = get_user_model().objects.create_user(username=identity.new_login_name(), password=data["password1"],
                                                    is_active=False)
        Applicant.objects.create(user=user, kind=data["applicant_kind"], name=clean["applicant_name"],
                                 id_number=clean["id_number"], credit_code=clean["credit_code"],
                                 legal_rep=data.get("legal_rep", ""), phone=clean["contact_phone"])
        record("portal.register", request=request, actor=user, target=f"user:{user.get_username()}")
        body = _("[yiwang] Open this link within %(hours)d hours to finish creating your account: %(url)s") % {
            "hours": settings.PORTAL_ACTIVATE_HOURS, "url": activation_link(user, request)}
        return texts.send(clean["contact_phone"], body, f"register:{user.pk}")


def activate(token):
    """The user whose activation link this is, now active; None for a wrong or too old link."""
    try:
        pk = signing.TimestampSigner(salt=ACTIVATE_SALT).unsign(
            token, max_age=dt.timedelta(hours=settings.PORTAL_ACTIVATE_HOURS))
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=pk, applicant__isnull=False).first()
    if user is None or (user.is_active is False and user.last_login is not None):
        return None  # an account an administrator switched off stays off
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
        record("portal.activated", actor=user, target=f"user:{user.get_username()}")
    return user


def ask_reset(*, number, phone, request=None):
    """A forgotten password: a link by text message, when the number and the account's phone
    match. Returns the message or None; the page answers the same either way."""
    applicant = identity.applicant_for(number)
    if applicant is None or applicant.phone_index != crypto.blind("phone", phone) or not applicant.user.is_active:
        return None
    record("password.reset_asked", request=request, target=f"user:{applicant.user.get_username()}")
    body = _("[yiwang] To set a new password for your account, open this link (once, within a short time): "
             "%(url)s") % {"url": reset_link(applicant.user, request)}
    return texts.send(applicant.phone, body, f"reset:{applicant.user.pk}")
