"""Abuse limits for the pages anyone may post to without logging in (file a request, follow it,
rate a service, 找茬), and for the log-in pages' neighbours: a rate limit per client address
(django-ratelimit, on the shared cache) and a captcha (django-simple-captcha) once the same
address has posted more than a few times in the window.

    gate = throttle.Gate(request, "public-file")
    if gate.refused:                 # over the limit: answer 429 at once
        return gate.refusal()
    ... if not gate.captcha_passed: show gate.captcha_form's error ...
    render(..., {"captcha": gate.captcha_form})
"""
from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import get_usage

from captcha.fields import CaptchaField
from django import forms


class CaptchaForm(forms.Form):
    captcha = CaptchaField(label="")


def client_ip(request):
    """The client's address: behind the district's proxy (BEHIND_PROXY), the address the proxy
    saw, which it appends last to X-Forwarded-For; else the connection's."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _key(group, request):
    return client_ip(request)


class Gate:
    def __init__(self, request, group):
        self.request = request
        rate, captcha_after = settings.PUBLIC_LIMITS.get(group, settings.PUBLIC_LIMITS["default"])
        posting = request.method == "POST"
        usage = get_usage(request, group=group, key=_key, rate=rate, method=["GET", "POST"], increment=posting)
        count = usage["count"] if usage else 0
        self.refused = bool(posting and usage and usage["should_limit"])
        needs = (count > captcha_after) if posting else (count >= captcha_after)
        self.captcha_form = None
        self.captcha_passed = True
        if needs:
            self.captcha_form = CaptchaForm(request.POST if posting and count > captcha_after else None)
            if posting and count > captcha_after:
                self.captcha_passed = self.captcha_form.is_valid()

    def refusal(self):
        return render(self.request, "throttled.html", status=429)
