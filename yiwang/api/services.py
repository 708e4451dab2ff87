"""Issuing API keys: one rule for the command line and the admin pages."""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from yiwang.orgs import roles

from .models import ApiKey


@transaction.atomic
def issue_key(*, name, scopes, user=None):
    """A new key for another system, acting as `user`, or else as a service user of its own
    ("api:NAME") with the hotline-agent role. Returns the key and the raw key, which is shown
    once and never stored."""
    if user is None:
        user, _created = get_user_model().objects.get_or_create(username=f"api:{name}"[:150])
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get_or_create(name=roles.AGENT)[0])
    return ApiKey.issue(name=name, scopes=scopes, user=user)
