"""Ask every route, as every role, whether it lets them in."""
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

SKIPPED_PREFIXES = ("admin/", "captcha/", "i18n/", "favicon.ico", "api/v1/")


def routes():
    """(route, name) of every URL pattern outside the admin, the captcha and the API (each has
    its own test of permissions: tests/orgs/test_three_administrators.py, tests/api)."""
    def walk(resolver, prefix="", ns=""):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                inner = (f"{ns}:{p.namespace}" if ns else p.namespace) if p.namespace else ns
                yield from walk(p, prefix + str(p.pattern), inner)
            else:
                yield prefix + str(p.pattern), (f"{ns}:{p.name}" if ns else p.name) or "?"
    return [(r, n) for r, n in walk(get_resolver()) if not r.startswith(SKIPPED_PREFIXES)]


def refused(response, url):
    if response.status_code in (401, 403, 404):
        return True
    if response.status_code in (301, 302) and url != reverse("logout"):  # logging out ends at the log-in
        where = response.get("Location", "")
        return "/login/" in where or "/two-factor/" in where
    return False


def clients(world, roles):
    """One client per role, logged in once."""
    out = {}
    for role in roles:
        out[role] = Client()
        if world.users.get(role) is not None:
            out[role].force_login(world.users[role])
    return out


def reach(client, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    with transaction.atomic():
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url, {})
        transaction.set_rollback(True)
    return not refused(response, url), response.status_code
