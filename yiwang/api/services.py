"""Issuing API keys: one rule for the command line and the admin pages."""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from yiwang.audit.services import record
from yiwang.middleware_local import current_request
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
    key, raw = ApiKey.issue(name=name, scopes=scopes, user=user)
    request = current_request()
    record("apikey.issued", request=request, target=f"apikey:{key.prefix}",
           detail={"name": key.name, "scopes": key.scopes, "acts_as": user.get_username(),
                   "via": "admin" if request else "console"})
    return key, raw


@transaction.atomic
def revoke_key(key):
    """Refuse the key from now on; recorded in the audit log (who, from the request, if any)."""
    key.revoke()
    request = current_request()
    record("apikey.revoked", request=request, target=f"apikey:{key.prefix}",
           detail={"name": key.name, "via": "admin" if request else "console"})
