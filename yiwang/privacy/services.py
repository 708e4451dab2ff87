from .models import RevealLog


def record_reveal(*, user, subject, field, ip=None):
    return RevealLog.objects.create(user=user, subject=subject, field=field, ip=ip)
