"""Conditions as data: checked when saved, evaluated with their reasons, compiled to the database
where they can be, and the same answer either way; matching both ways."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.enterprises.conftest import enterprise
from yiwang.enterprises.models import EnterpriseLabel, Label
from yiwang.policies import conditions, selectors
from yiwang.policies.models import Article

from .conftest import article, firms, policy  # noqa: F401 (fixtures)


def test_a_condition_that_does_not_parse_or_names_an_unknown_field_is_refused_by_line(org, policy):  # noqa: F811
    with pytest.raises(ValidationError) as caught:
        article(org, policy, conditions="revenue >= \nturnover > 5\nsection == \"C\"")
    problems = caught.value.message_dict["conditions"]
    assert any("第 1 行" in p for p in problems) and any("turnover" in p for p in problems)
    assert not Article.objects.exists()
    with pytest.raises(ValidationError) as caught:
        article(org, policy, amount="", formula="revenue >")
    assert "formula" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        article(org, policy, amount="60000", cap="50000")
    assert "amount" in caught.value.message_dict


def test_an_enterprise_that_fails_is_told_why_in_words(org, policy, firms):  # noqa: F811
    a = article(org, policy)
    values = conditions.facts(firms["small"])
    ok, reasons = conditions.evaluate(a.conditions, values)
    assert not ok and reasons == ["营业收入 1,800 万元 < 2,000 万元"]
    ok, reasons = conditions.evaluate(a.conditions, conditions.facts(firms["soft"]))
    assert reasons == ["行业门类 I ≠ C"]
    missing = enterprise(org, 9, name="未报营收企业", revenue="")
    assert conditions.evaluate("revenue >= 2000", conditions.facts(missing)) == (False, ["营业收入 未填写"])


def test_matching_is_the_same_by_the_database_as_by_the_rule(org, policy, firms):  # noqa: F811
    label = Label.objects.get(code="high_tech")
    EnterpriseLabel.objects.create(enterprise=firms["soft"], label=label, valid_from=dt.date(2025, 1, 1),
                                   valid_to=dt.date(2027, 12, 31))
    EnterpriseLabel.objects.create(enterprise=firms["big"], label=label, valid_from=dt.date(2020, 1, 1),
                                   valid_to=dt.date(2022, 12, 31))  # expired
    texts = ["revenue >= 2000\nsection == \"C\"", "\"high_tech\" in labels", "staff > 50\nsize != \"micro\"",
             "street == \"青山街道\"\nage >= 1", "revenue > 1000 or staff > 1000", "industry in [\"65\", \"34\"]"]
    for n, text in enumerate(texts, start=1):
        a = article(org, policy, seq=n, conditions=text)
        by_query = {e.name for e, _amount in selectors.eligible(a)}
        by_rule = {e.name for e in [firms["big"], firms["small"], firms["soft"]]
                   if conditions.evaluate(text, conditions.facts(e))[0]}
        assert by_query == by_rule, text
    q, rest = conditions.compile_q(texts[0])
    assert rest == []  # plain comparisons go to the database
    assert conditions.compile_q(texts[4])[1] == [texts[4]]  # the rest is evaluated here


def test_an_enterprise_sees_the_articles_it_qualifies_for_with_the_amount(org, policy, firms):  # noqa: F811
    article(org, policy, seq=1)
    article(org, policy, seq=2, title="研发投入奖励", conditions="size != \"micro\"", amount="", formula="revenue * 2",
            cap="40000")
    rows = {a.seq: (ok, reasons, amount) for a, ok, reasons, amount, claim in selectors.articles_for(firms["soft"])}
    assert rows[1][0] is False and rows[2] == (True, [], 6000)
    big = {a.seq: amount for a, ok, reasons, amount, claim in selectors.articles_for(firms["big"])}
    assert big[2] == 40000  # the formula's 52,000 is capped
