"""The one way to send a citizen a text message: into the outbox, which the district's SMS
gateway empties (the outbox model lives with ratings, its first user). With TEXTS_ON_PAGE (the
demo, which has no gateway) the page that queued a message also shows it."""
import re

from django.utils import timezone

LINK = re.compile(r"https?://[^\s，。；）]+")


def send(phone, body, purpose):
    from yiwang.reviews.models import TextMessage

    return TextMessage.objects.create(phone=phone, body=body, purpose=purpose[:40], created_at=timezone.now())


def links(body):
    """The links in a message (for the demo's page that shows it)."""
    return LINK.findall(body or "")


def shown(message):
    """What a page shows of a message it queued: with TEXTS_ON_PAGE (the demo) its text and links."""
    from django.conf import settings

    if message is None or not settings.TEXTS_ON_PAGE:
        return None
    return {"body": message.body, "links": links(message.body)}
