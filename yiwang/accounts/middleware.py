"""The account policy on every request of a logged-in person (等保 2.0 身份鉴别):

- an idle session ends after SESSION_IDLE_MINUTES;
- staff whose password is older than PASSWORD_MAX_AGE_DAYS change it before anything else;
- the roles in TWO_FACTOR_ROLES confirm a TOTP code (django-otp) before anything else, when
  TWO_FACTOR_REQUIRED.

The JSON API is held to the same policy when it is called with the log-in session (the pages'
own scripts do): an idle session, a missing second factor or an expired password get a JSON 401
there instead of a redirect. A call with an API key (Authorization header) is the key's, not the
session's, and is checked by the key."""
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


IDLE, SECOND_FACTOR, EXPIRED = "session_idle", "second_factor_required", "password_expired"


def refusal(request):
    """Which rule of the policy the logged-in session breaks now (IDLE, SECOND_FACTOR, EXPIRED),
    or None. An idle session is ended here; an active one is marked as seen."""
    user = request.user
    now = timezone.now()
    seen = request.session.get("seen_at")
    if seen and now.timestamp() - seen > 60 * settings.SESSION_IDLE_MINUTES:
        logout(request)
        return IDLE
    request.session["seen_at"] = now.timestamp()
    if request.path.startswith(OPEN_PREFIXES):
        return None
    if not user.is_verified() and needs_two_factor(user, request.session):
        return SECOND_FACTOR
    if password_expired(user):
        return EXPIRED
    return None


def api_refusal(rule):
    from yiwang.api.errors import response

    message = {IDLE: _("You were logged out after %(n)d minutes without activity.") % {
                   "n": settings.SESSION_IDLE_MINUTES},
               SECOND_FACTOR: _("Confirm the code of your authenticator app on the log-in page first."),
               EXPIRED: _("Your password is more than %(n)d days old: choose a new one.") % {
                   "n": settings.PASSWORD_MAX_AGE_DAYS}}[rule]
    return response(401, rule, message)


class AccountPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        api = request.path.startswith("/api/")
        if api and request.headers.get("Authorization", "").lower().startswith("bearer "):
            return self.get_response(request)  # the key decides (KeyAuth), not the session
        rule = refusal(request)
        if rule is None:
            return self.get_response(request)
        if api:
            return api_refusal(rule)
        if rule == IDLE:
            messages.info(request, _("You were logged out after %(n)d minutes without activity.")
                          % {"n": settings.SESSION_IDLE_MINUTES})
            return redirect(f"{reverse('login')}?next={request.path}")
        if rule == SECOND_FACTOR:
            return redirect(f"{reverse('accounts:two_factor')}?next={request.get_full_path()}")
        messages.warning(request, _("Your password is more than %(n)d days old: choose a new one.")
                         % {"n": settings.PASSWORD_MAX_AGE_DAYS})
        return redirect("accounts:password_change")
