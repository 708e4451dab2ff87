from django.dispatch import Signal, receiver

from yiwang.calendar.services import calendar_changed


@receiver(calendar_changed)
def recompute_after_calendar_change(sender, **kwargs):
    from .services import recompute_deadlines

    recompute_deadlines()


# Sent after commit when an application is finished (delivered, mailed, refused, withdrawn,
# revoked), with `application`: reviews invites the applicant to rate it.
application_finished = Signal()
