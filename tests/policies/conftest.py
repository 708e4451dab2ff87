import datetime as dt

import pytest

from tests.enterprises.conftest import enterprise
from yiwang.policies import services


@pytest.fixture
def policy(org):
    document = services.create_document(actor=org.supervisor, number="云政发〔2026〕20号",
                                        title="支持制造业高质量发展“新20条”", issuing_unit=org.bureau,
                                        valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2027, 12, 31))
    services.set_budget(actor=org.supervisor, document=document, year=2026, amount="1000000")
    return document


def approved(claim, org, amount="50000"):
    """Reviewed by the unit's clerk and confirmed by its head (two people)."""
    services.approve(claim=claim, actor=org.staff, amount=amount, version=_v(claim))
    services.confirm_approval(claim=claim, actor=org.head, version=_v(claim))
    claim.refresh_from_db()
    return claim


def paid(claim, org, voucher="PZ-1"):
    services.pay(claim=claim, actor=org.staff, voucher=voucher, version=_v(claim))
    services.confirm_payment(claim=claim, actor=org.head, version=_v(claim))
    claim.refresh_from_db()
    return claim


def _v(claim):
    claim.refresh_from_db()
    return claim.version


def article(org, policy, seq=1, conditions="revenue >= 2000\nsection == \"C\"", **kwargs):
    fields = dict(actor=org.supervisor, document=policy, seq=seq, title="规上工业企业奖励", content="对规上工业企业给予奖励。",
                  conditions_text=conditions, amount="50000", cap="50000", mode="apply", notice_days=5)
    fields.update(kwargs)
    return services.save_article(**fields)


@pytest.fixture
def firms(org):
    """A manufacturer above the line, one below it, and a software firm."""
    return {"big": enterprise(org, 1, name="云溪精密制造有限公司", industry="34", staff=400, revenue="26000"),
            "small": enterprise(org, 2, name="云溪小五金厂", industry="33", staff=30, revenue="1800"),
            "soft": enterprise(org, 3, name="云溪软件有限公司", industry="65", staff=60, revenue="3000")}
