"""The account policy on every request of a logged-in person (等保 2.0 身份鉴别):

- an idle session ends after SESSION_IDLE_MINUTES;
- staff whose password is older than PASSWORD_MAX_AGE_DAYS change it before anything else;
- the roles in TWO_FACTOR_ROLES confirm a TOTP code (django-otp) before anything else, when
  TWO_FACTOR_REQUIRED."""
import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang.orgs import roles as R

OPEN_PREFIXES = ("/static/", "/i18n/", "/captcha/", "/account/", "/logout/", "/favicon.ico")


def required_by_role(user):
    return settings.TWO_FACTOR_REQUIRED and bool(R.roles_of(user) & set(settings.TWO_FACTOR_ROLES))


def needs_two_factor(user, session=None):
    """Required by the user's role, or chosen: whoever set up an authenticator app confirms a
    code at every log-in, whatever their role (known once per session)."""
    if required_by_role(user):
        return True
    if session is not None and "has_second_factor" in session:
        return session["has_second_factor"]
    from django_otp.plugins.otp_totp.models import TOTPDevice

    chosen = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if session is not None:
        session["has_second_factor"] = chosen
    return chosen


def password_expired(user):
    if not settings.PASSWORD_MAX_AGE_DAYS or not hasattr(user, "staff"):
        return False
    state = getattr(user, "account_state", None)
    changed = state.password_changed_at if state else user.date_joined
    return timezone.now() - changed > dt.timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)


class AccountPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith("/api/"):
            return self.get_response(request)
        now = timezone.now()
        seen = request.session.get("seen_at")
        if seen and now.timestamp() - seen > 60 * settings.SESSION_IDLE_MINUTES:
            logout(request)
            messages.info(request, _("You were logged out after %(n)d minutes without activity.")
                          % {"n": settings.SESSION_IDLE_MINUTES})
            return redirect(f"{reverse('login')}?next={request.path}")
        request.session["seen_at"] = now.timestamp()
        if not request.path.startswith(OPEN_PREFIXES):
            if not user.is_verified() and needs_two_factor(user, request.session):
                return redirect(f"{reverse('accounts:two_factor')}?next={request.get_full_path()}")
            if password_expired(user):
                messages.warning(request, _("Your password is more than %(n)d days old: choose a new one.")
                                 % {"n": settings.PASSWORD_MAX_AGE_DAYS})
                return redirect("accounts:password_change")
        return self.get_response(request)
