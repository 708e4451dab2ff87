import datetime as dt

import pytest

from tests.conftest import make_unit, make_user
from tests.enterprises.conftest import enterprise
from yiwang.orgs.models import Unit
from yiwang.projects import services
from yiwang.projects.models import Settings

PLANNED = {"signing": dt.date(2026, 3, 2), "approval": dt.date(2026, 4, 1), "land": dt.date(2026, 5, 6),
           "planning": dt.date(2026, 6, 1), "permit": dt.date(2026, 7, 1), "start": dt.date(2026, 7, 15),
           "structure": dt.date(2026, 11, 30), "completion": dt.date(2026, 12, 31), "operation": dt.date(2027, 3, 1)}


@pytest.fixture
def butler(org):
    return make_user("pbutler", ["butler"], org.centre)


@pytest.fixture
def inspectors(org):
    """The bureaus that inspect together, with a staff member each."""
    units = {code: make_unit(code, name, Unit.Kind.BUREAU, org.district) for code, name in (
        ("GH", "自然资源和规划局"), ("XF", "消防救援大队"), ("RF", "人防办"))}
    staff = {code: make_user(f"insp_{code.lower()}", ["unit_staff"], unit) for code, unit in units.items()}
    s = Settings.current()
    s.acceptance_units.set(units.values())
    return units, staff


def project(org, butler=None, planned=None, **fields):
    data = {"name": "云溪新材料产业园一期", "kind": "industry", "total_investment": "120000",
            "code": "2026-370112-26-01-000123", "street": org.street, "address": "科创路 88 号",
            "owner": enterprise(org, 70, name="云溪新材料有限公司", industry="26"), "leader": "张副区长",
            "butler": butler, "year_plans": {2026: "30000"}, "latitude": "36.680000", "longitude": "117.120000"}
    data.update(fields)
    return services.save_project(actor=org.supervisor, data=data, planned=PLANNED if planned is None else planned)
