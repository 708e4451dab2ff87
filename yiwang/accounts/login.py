"""The log-in pages against guessing (等保 2.0 身份鉴别):

- an account locks after AXES_FAILURE_LIMIT failures in a row from one address (django-axes, by
  account and address), so that nobody locks another person out from elsewhere;
- an address that failed LOGIN_CAPTCHA_AFTER times in the window answers a captcha before its
  password is even checked, and one that failed LOGIN_REFUSE_AFTER times is refused (429), so
  that one address cannot spray passwords over many accounts. Good log-ins do not count: a
  hall's clerks behind one address log in each morning without a captcha.

The failures are counted in the shared cache (Redis when several app servers run)."""
from captcha.fields import CaptchaField
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yiwang.throttle import client_ip

LOGIN_PATHS = frozenset({"/login/", "/portal/login/"})


def _key(request):
    return f"login-failures:{client_ip(request)}"


def failures(request):
    return cache.get(_key(request), 0) if request is not None else 0


@receiver(user_login_failed, dispatch_uid="accounts.login_failure_by_address")
def count_failure(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    key = _key(request)
    cache.add(key, 0, timeout=60 * settings.LOGIN_THROTTLE_MINUTES)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60 * settings.LOGIN_THROTTLE_MINUTES)


class CaptchaAfterFailures:
    """A log-in form that asks the captcha of an address that failed too often, and then checks
    no password until the captcha is answered."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        if failures(request) >= settings.LOGIN_CAPTCHA_AFTER:
            self.fields["captcha"] = CaptchaField(label=gettext_lazy("Verification"))

    def clean(self):
        if "captcha" in self.fields and "captcha" not in self.cleaned_data:
            raise ValidationError(_("Answer the verification first: this address has failed to log in several "
                                    "times."), code="captcha")
        return super().clean()


class LoginForm(CaptchaAfterFailures, AuthenticationForm):
    pass


class LoginThrottleMiddleware:
    """Refuses every log-in from an address past LOGIN_REFUSE_AFTER failures, before any check."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (request.method == "POST" and request.path in LOGIN_PATHS
                and failures(request) >= settings.LOGIN_REFUSE_AFTER):
            return render(request, "throttled.html", status=429)
        return self.get_response(request)
