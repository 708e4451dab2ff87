"""Portal applicants log in with their ID-card number or credit code, but their account's log-in
name is a random one: the ID number is stored encrypted (yiwang.privacy.crypto) and is found by
its blind index, so it is in no user list, no history and no lock-out table in clear."""
import secrets

from django.contrib.auth.backends import ModelBackend

from yiwang.privacy import crypto


def new_login_name():
    return f"p{secrets.token_hex(7)}"


def applicant_for(credential):
    """The portal applicant whose ID number or credit code this is, or None."""
    from yiwang.services.models import Applicant

    value = crypto.normalise("id", credential)
    if len(value) != 18:
        return None
    return (Applicant.objects.filter(id_number_index=crypto.blind("id", value)).select_related("user").first()
            or Applicant.objects.filter(credit_code=value).select_related("user").first())


def looks_like_identity(credential):
    value = crypto.normalise("id", credential)
    return len(value) == 18 and value[:17].isalnum()


def login_name(request, credentials):
    """What lock-outs and the audit log call a log-in attempt (django-axes' AXES_USERNAME_CALLABLE):
    a staff log-in name as typed; an ID number or credit code as the applicant's log-in name, or a
    digest when it is nobody's, never the number itself."""
    typed = str((credentials or {}).get("username") or "")[:150]
    if not looks_like_identity(typed):
        return typed
    applicant = applicant_for(typed)
    if applicant is not None:
        return applicant.user.get_username()
    return f"id:{crypto.blind('id', typed)[:16]}"


class ApplicantBackend(ModelBackend):
    """Authenticates a portal applicant by ID-card number or credit code and password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or not password or not looks_like_identity(username):
            return None
        applicant = applicant_for(username)
        if applicant is None:
            spend_a_password_check(password)
            return None
        user = applicant.user
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def spend_a_password_check(password):
    """Spend the time a password check takes, so an unknown number answers no faster than a known one."""
    from django.contrib.auth import get_user_model

    get_user_model()().set_password(password)
