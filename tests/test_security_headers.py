"""Defence in depth: a Content-Security-Policy with no inline script, Permissions-Policy, and
no page or answer with personal data kept by a cache."""
import re
from pathlib import Path

from .conftest import new_order

PACKAGE = Path(__file__).resolve().parent.parent / "yiwang"


def test_every_page_carries_the_policy_and_is_never_cached(org, client):
    order = new_order(org)
    client.force_login(org.agent)
    for url in ("/", f"/orders/{order.number}/", "/orders/", "/public/", "/login/"):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], url
        assert "camera=()" in response["Permissions-Policy"]


def test_api_answers_are_never_cached(org, client):
    response = client.get("/api/v1/reference/order-types")
    assert response["Cache-Control"] == "no-store, private"


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = []
    for path in PACKAGE.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and 'type="application/json"' not in tag:
                offenders.append((path.relative_to(PACKAGE), tag))
        offenders += [(path.relative_to(PACKAGE), m) for m in re.findall(r"\son[a-z]+=\"", text)]
    assert offenders == []


def test_a_failed_form_check_answers_in_chinese(org):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(org.agent)
    response = strict.post("/orders/new/", {"title": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "表单已过期" in page and "CSRF" not in page
