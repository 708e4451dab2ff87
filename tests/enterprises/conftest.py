import pytest
from stdnum.cn import uscc

from yiwang.enterprises import services


def credit_code(n):
    """A valid unified social credit code, different for each n."""
    body = f"91370112MA{n:07d}"[:17]
    return body + uscc.calc_check_digit(body)


def enterprise(org, n=1, **fields):
    data = {"credit_code": credit_code(n), "name": f"云溪测试企业{n}有限公司", "industry": "39", "staff": 120,
            "revenue": "3500", "assets": "2800", "legal_rep": "王五", "street": org.street,
            "contact_name": "王五", "contact_phone": "13905319001"}
    data.update(fields)
    from yiwang.enterprises.models import Enterprise

    existing = Enterprise.objects.filter(credit_code=data["credit_code"]).first()
    return existing or services.add(actor=org.supervisor, data=data)


@pytest.fixture
def butler(org):
    from tests.conftest import make_user

    return make_user("butler1", ["butler"], org.centre)
