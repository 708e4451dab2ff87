from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete
from django.dispatch import receiver

from yiwang.audit.services import record
from yiwang.middleware_local import current_request


@receiver(user_locked_out)
def locked(sender, request, username, ip_address, **kwargs):
    """Axes says so on every refused try while locked; the log wants the lock itself, once."""
    attempt = AccessAttempt.objects.filter(username=username).order_by("-attempt_time").first()
    if attempt is not None and attempt.failures_since_start > settings.AXES_FAILURE_LIMIT:
        return
    record("account.locked", request=request, actor_name=str(username or "")[:150], target=f"user:{username}",
           detail={"ip": ip_address})


@receiver(post_delete, sender=AccessAttempt)
def unlocked(sender, instance, **kwargs):
    """An administrator (or `yiwang axes_reset_username`) cleared the failures of a locked account,
    or its cool-off ended: the account opens. Failures below the limit cleared by a good password
    are not an unlock."""
    if instance.failures_since_start < settings.AXES_FAILURE_LIMIT:
        return
    record("account.unlocked", request=current_request(), target=f"user:{instance.username}",
           detail={"failures": instance.failures_since_start})


@receiver(user_logged_in, dispatch_uid="accounts.second_factor_known")
def second_factor_known(sender, request, user, **kwargs):
    """Whether the person chose a second factor, known once at log-in (the policy asks for it on
    every request until it is confirmed)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if request is not None and hasattr(request, "session"):
        request.session["has_second_factor"] = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
