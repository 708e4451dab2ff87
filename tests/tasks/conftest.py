import datetime as dt

import pytest

from tests.conftest import make_user
from yiwang.tasks import services
from yiwang.tasks.models import Cadence, Source

# The suite's clock stands on Wednesday 2026-11-25; these are working days after it.
DUE = dt.date(2026, 12, 18)      # a Friday
SOON = dt.date(2026, 11, 27)     # Friday, two working days on
# Evidence that says what was done (a closure on "已完成" alone is refused).
EVIDENCE = "三个小区的加装电梯已全部投入使用，经质监站验收合格。"


@pytest.fixture
def co_staff(org):
    return make_user("co_staff", ["unit_staff"], org.street)


def v(task):
    task.refresh_from_db()
    return task.version


def new_task(org, *, assign=True, lead=None, co=(), deadline=DUE, milestones=(), cadence=Cadence.MONTHLY,
             actor=None, **kwargs):
    fields = dict(actor=actor or org.supervisor, source=Source.INSTRUCTION, title="老旧小区加装电梯试点",
                  requirement="年内完成 3 个小区加装电梯试点。", lead_unit=org.bureau if lead is None else lead,
                  co_units=list(co), deadline=deadline, cadence=cadence, milestones=list(milestones), assign=assign)
    fields.update(kwargs)
    return services.create(**fields)
