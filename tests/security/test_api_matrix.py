"""The API's permission matrix: every operation of the OpenAPI schema against every role, each
role calling with a key of all scopes that acts as its user (anonymous: no key). An operation
nobody placed in API_MATRIX fails the test; so does any change of who reaches what.

"Reaches" means: a list holds the sample record (an order, application, rating or case of the
bureau B1), a read or an action is not refused with 401, 403 or 404 (what the action may then do
is its workflow table's business), a write is not refused for who is asking. Reference data is
for every key."""
import base64
import uuid

import pytest
from django.db import transaction
from django.test import Client

from yiwang.api.api import api
from yiwang.api.models import SCOPES
from yiwang.api.services import issue_key

from .matrix import ROLES
from .test_permission_matrix import world  # noqa: F401 (the fixture)

KEYED = set(ROLES) - {"anonymous"}
CENTRE = {"agent", "dispatcher", "callback", "supervisor", "leader", "admin"}
B1 = {"unit_staff", "unit_head"}

API_MATRIX = {
    "create_workorder": {"agent", "dispatcher", "admin"},  # as the intake page
    "list_workorders": CENTRE | B1,
    "get_workorder": CENTRE | B1,
    "get_workorder_events": CENTRE | B1,
    "get_workorder_actions": CENTRE | B1,
    "act_on_workorder": CENTRE | B1,
    "create_application": {"admin", "clerk", "butler"},  # as the hall; applicants apply on the portal
    "list_applications": B1 | {"supervisor", "leader", "admin", "clerk", "butler"},
    "get_application": B1 | {"supervisor", "leader", "admin", "clerk", "butler"},
    "get_application_events": B1 | {"supervisor", "leader", "admin", "clerk", "butler"},
    "get_application_actions": B1 | {"supervisor", "leader", "admin", "clerk", "butler"},
    "act_on_application": B1 | {"supervisor", "leader", "admin", "clerk", "butler"},
    # A partner app records the citizen's rating of a case its key's user may see (here an order
    # still with the centre, so no unit).
    "create_rating": CENTRE,
    "list_ratings": {"dispatcher", "callback", "supervisor", "leader", "admin"} | B1,
    "list_rectifications": {"dispatcher", "callback", "supervisor", "leader", "admin"} | B1,
    "list_items": KEYED,
    "get_item": KEYED,
    "list_bundles": KEYED,
    "list_categories": KEYED,
    "list_units": KEYED,
    "list_codes": KEYED,
    "list_workdays": KEYED,
}


def operations():
    """(name, method, path) of every operation in the schema; the name is the view's."""
    schema = api.get_openapi_schema()
    found = []
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            found.append((_view_name(op["operationId"]), method, path))
    return found


def _view_name(operation_id):
    for name in API_MATRIX:
        if operation_id.endswith("_" + name):
            return name
    return operation_id


def samples(w):
    scan = base64.b64encode(b"%PDF-1.4\nscan").decode()
    material = w.item.materials.first()
    return {
        "create_workorder": {"order_type": "complaint", "title": "噪音扰民", "body": "夜间施工",
                             "caller_phone": "13905310001"},
        "act_on_workorder": ("urge", {"version": w.order.version, "text": "请加快办理"}),
        "create_application": {"item_code": w.item.code, "applicant_kind": "person", "applicant_name": "李四",
                               "delivery": "window", "contact_phone": "13905310002",
                               "id_number": "110105198503120047", "form": {},
                               "materials": [{"material_id": material.pk, "file_name": "a.pdf",
                                              "content_base64": scan}]},
        "act_on_application": ("withdraw", {"version": w.app.version}),
        "create_rating": {"case_kind": "workorder", "case_number": w.public_order.number, "level": 5},
    }


def reaches(client, headers, name, method, path, w, body_of):
    number = {"workorder": w.order.number, "application": w.app.number}
    url = path.replace("/{code}", "")
    if "{number}" in path:
        url = url.replace("{number}", number["application" if "application" in name else "workorder"])
    if name == "get_item":
        url = f"/api/v1/catalogue/items/{w.item.code}"
    with transaction.atomic():
        if method == "get":
            response = client.get(url, **headers)
        else:
            body = body_of.get(name, {})
            if isinstance(body, tuple):  # an action: its code and body
                url, body = f"{url}/{body[0]}", body[1]
            response = client.post(url, body, content_type="application/json",
                                   HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()), **headers)
        transaction.set_rollback(True)
    if response.status_code in (401, 403, 404):
        return False
    if name in ("list_workorders", "list_applications", "list_ratings", "list_rectifications"):
        text = response.content.decode()
        wanted = {"list_workorders": w.order.number, "list_applications": w.app.number,
                  "list_ratings": w.order.number, "list_rectifications": w.case.number}[name]
        return wanted in text
    return True


@pytest.mark.django_db(transaction=False)
def test_every_role_reaches_exactly_what_the_api_matrix_says(world):  # noqa: F811
    keys = {}
    for role in KEYED:
        user = world.users[role]
        keys[role] = issue_key(name=f"matrix-{role}", scopes=list(SCOPES), user=user)[1]
    body_of = samples(world)
    unplaced, observed = [], {}
    for name, method, path in operations():
        if name not in API_MATRIX:
            unplaced.append(f"{method.upper()} {path}")
            continue
        got = []
        for role in ROLES:
            headers = {"HTTP_AUTHORIZATION": f"Bearer {keys[role]}"} if role in keys else {}
            if reaches(Client(), headers, name, method, path, world, body_of):
                got.append(role)
        observed[name] = sorted(got)
    assert not unplaced, "API operations nobody placed in API_MATRIX: " + ", ".join(unplaced)
    wrong = {n: got for n, got in observed.items() if set(got) != set(API_MATRIX[n])}
    assert not wrong, "\n".join(f"{n}: the matrix says {sorted(API_MATRIX[n])}, got {got}" for n, got in wrong.items())
