"""The one way from an action to its service: every action of every case table names a service
function that takes the case, the actor, the version and each of the action's inputs, so the pages'
one case-action view can call it without a chain of ifs."""
import inspect

import pytest

from yiwang import caseflow

TABLES = [
    ("yiwang.tasks.workflow", "TABLE", "yiwang.tasks.services"),
    ("yiwang.suggestions.workflow", "TABLE", "yiwang.suggestions.services"),
    ("yiwang.proposals.workflow", "TABLE", "yiwang.proposals.services"),
    ("yiwang.policies.workflow", "TABLE", "yiwang.policies.services"),
    ("yiwang.reviews.workflow", "TABLE", "yiwang.reviews.services"),
    ("yiwang.projects.workflow", "ACCEPTANCE", "yiwang.projects.services"),
    ("yiwang.projects.workflow", "INTEREST", "yiwang.projects.services"),
]


@pytest.mark.parametrize("table_module, table_name, services_module", TABLES)
def test_every_action_names_a_service_that_takes_its_inputs(table_module, table_name, services_module):
    import importlib

    table = getattr(importlib.import_module(table_module), table_name)
    services = importlib.import_module(services_module)
    for code, action in table.actions.items():
        function = getattr(services, action.service or code, None)
        assert function is not None, f"{table_module}.{code}: no service {action.service or code}"
        takes = inspect.signature(function).parameters
        wanted = {table.case_arg, "actor", "version", *(i.arg or i.name for i in action.inputs)}
        assert wanted <= set(takes), f"{code}: {sorted(wanted - set(takes))} not taken by {function.__name__}"


def test_inputs_are_read_the_same_from_a_form_and_from_json(db):
    from django.http import QueryDict

    from tests.conftest import make_unit
    from yiwang.orgs.models import Unit
    from yiwang.workflow import Action

    unit = make_unit("B9", "住建局", Unit.Kind.BUREAU)
    V = caseflow.Input
    action = Action("x", "x", frozenset(), None, frozenset(), inputs=(
        V("note", caseflow.BLANK), V("due", caseflow.DAY), V("lead", caseflow.UNIT), V("co", caseflow.UNITS),
        V("decision", caseflow.IS, "approve", "approve"), V("kind", caseflow.CONST, value="cannot"),
        V("deadline", caseflow.OPTIONAL)))
    form = QueryDict(mutable=True)
    form.update({"due": "2026-12-18", "lead": str(unit.pk), "decision": "approve", "deadline": ""})
    form.setlist("co", [str(unit.pk), "x", "999999"])
    read = caseflow.read(action, form)
    assert read == {"note": "", "due": __import__("datetime").date(2026, 12, 18), "lead": unit, "co": [unit],
                    "approve": True, "kind": "cannot", "deadline": None}
    assert caseflow.read(action, {"due": "2026-02-30", "lead": True, "co": unit.pk, "decision": "reject"}) == {
        "note": "", "due": None, "lead": None, "co": [unit], "approve": False, "kind": "cannot", "deadline": None}
