import datetime as dt

import pytest

from tests.conftest import make_unit, make_user
from yiwang.assistance import importing, synthetic
from yiwang.assistance.models import PovertyLine
from yiwang.orgs.models import Unit


@pytest.fixture
def centre(org):
    """The data centre beside the test district: an analyst, the 民政 and 残联 departments with a clerk
    each, a community staff member of 青山街道 and one of 白鹭街道, the 2026 line."""
    org.minzheng = make_unit("MZ", "民政局", Unit.Kind.BUREAU, org.district)
    org.canlian = make_unit("CL", "残联", Unit.Kind.BUREAU, org.district)
    org.other_community = make_unit("S2-C1", "鹭岛社区", Unit.Kind.COMMUNITY, org.other_street)
    org.analyst = make_user("analyst", ["assistance"], org.centre, )
    org.mz_clerk = make_user("mz_clerk", ["unit_staff"], org.minzheng)
    org.cl_clerk = make_user("cl_clerk", ["unit_staff"], org.canlian)
    org.other_street_staff = make_user("bl_staff", ["unit_staff"], org.other_street)
    org.community_staff = make_user("sl_staff", ["unit_staff"], org.community)
    PovertyLine.objects.create(year=2026, monthly=1000, edge_multiple="1.5")
    return org


def source(code, unit=None, **kwargs):
    return importing.source_for(code, unit=unit, **kwargs)


def load(src, rows, name="file.csv", encoding="utf-8"):
    """Import rows (heading first) as the department's CSV file."""
    parsed = importing.read(name=name, content=synthetic.csv_bytes(rows, encoding), source=src)
    return importing.replace(src, parsed, file_name=name), parsed


TODAY = dt.date(2026, 11, 25)
