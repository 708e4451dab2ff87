"""Self-service: change the password, reset a forgotten one, and the second factor (TOTP)."""
import base64
import io

import qrcode
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from yiwang.audit.services import record

from . import enrolment
from .middleware import required_by_role


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("workorders:home")

    def get_context_data(self, **kwargs):
        from django.contrib.auth.password_validation import password_validators_help_texts

        return {**super().get_context_data(**kwargs), "password_help": [t for t in password_validators_help_texts() if t]}

    def form_valid(self, form):
        response = super().form_valid(form)
        record("password.change", request=self.request)
        messages.success(self.request, _("Your password was changed."))
        return response


class PasswordReset(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        record("password.reset_asked", request=self.request, detail={"email": form.cleaned_data["email"][:3] + "…"})
        return super().form_valid(form)


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        response = super().form_valid(form)
        record("password.reset", actor=form.user, request=self.request)
        messages.success(self.request, _("Your password was set; log in with it."))
        return response


def _qr(uri):
    image = qrcode.make(uri, box_size=6, border=2)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


@login_required
def two_factor(request):
    """Set up (the first time: scan the QR code) and confirm the six-digit code of an
    authenticator app. Until then the roles that need it reach no other page."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    setup = device is None
    error = None
    if setup and enrolment.required() and not request.session.get("enrolment_ok"):
        # The first binding starts with the code the security administrator gave out of band; only
        # then is a key made and shown (one seen before it would be known to whoever saw it).
        if request.method == "POST":
            if enrolment.redeem(user, request.POST.get("enrolment_code")):
                TOTPDevice.objects.filter(user=user, confirmed=False).delete()
                request.session["enrolment_ok"] = True
                record("two_factor.enrolment_used", request=request)
                return redirect(request.get_full_path())
            record("two_factor.enrolment_failed", request=request)
            error = _("The enrolment code is wrong, used or expired; ask the security administrator for a new one.")
        return render(request, "accounts/two_factor.html", {
            "enrolment": True, "error": error, "required": required_by_role(user), "issuer": settings.OTP_TOTP_ISSUER})
    if setup:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
            user=user, name=_("Authenticator app"), confirmed=False)
    if request.method == "POST":
        token = "".join(ch for ch in request.POST.get("token", "") if ch.isdigit())
        allowed, why = device.verify_is_allowed()  # django-otp's throttle: each wrong code waits longer
        if allowed and device.verify_token(token):
            if setup:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                request.session.pop("enrolment_ok", None)
                record("two_factor.setup", request=request)
                request.session["has_second_factor"] = True
            otp_login(request, device)
            record("two_factor.verified", request=request)
            target = request.GET.get("next") or ""
            if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
                target = "/"
            return redirect(target or "/")
        record("two_factor.failed", request=request)
        if not allowed:  # tried again before the wait after the last wrong code was over
            wait = (why or {}).get("locked_until")
            error = _("Too many wrong codes: wait until %(t)s, then type the code the app shows.") % {
                "t": timezone.localtime(wait).strftime("%H:%M:%S")} if wait else _(
                "Too many wrong codes: wait a little, then type the code the app shows.")
        else:
            error = _("The code is wrong or too old; type the code the app shows now.")
    key = base64.b32encode(device.bin_key).decode().rstrip("=") if setup else ""
    return render(request, "accounts/two_factor.html", {
        "setup": setup, "qr": _qr(device.config_url) if setup else None, "key": key, "error": error,
        "required": required_by_role(user), "issuer": settings.OTP_TOTP_ISSUER})
