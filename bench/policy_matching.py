"""Policy matching at scale: generates N enterprises in PostgreSQL (default 100,000) and a policy
set of A articles (default 50) written as conditions, then times

  * matching every article against every enterprise the product's way (plain comparisons compiled
    to database filters, the rest evaluated in Python on what the filters leave),
  * the same answers the plain way: every enterprise loaded once and every article's conditions
    evaluated on it in Python (rule-engine), which is what matching would cost without compiling,
  * every article's count of qualifying enterprises, against the same counts by a plain SQL query
    per article written by hand (the ratio shows what matching as data costs over SQL),
  * one enterprise's articles with the reason of each failure (the enterprise's page), against a
    plain SQL query per article for that enterprise,
  * an article's page over HTTP (the list of qualifying enterprises),

checks that both ways give the same enterprises, and prints medians and the ratio.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yiwang_bench python bench/policy_matching.py --enterprises 100000

The database named in DATABASE_URL must exist (createdb -h 127.0.0.1 -U postgres yiwang_bench) and is
dropped and made again first (bench/emptydb.py).
"""
import argparse
import datetime as dt
import math
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"

# Real GB/T 4754-2017 divisions with their sections, so the registry looks like a district's.
DIVISIONS = [("13", "C"), ("26", "C"), ("34", "C"), ("38", "C"), ("39", "C"), ("47", "E"), ("51", "F"), ("52", "F"),
             ("54", "G"), ("61", "H"), ("62", "H"), ("64", "I"), ("65", "I"), ("72", "L"), ("73", "M"), ("83", "P")]
GENERATE = """
INSERT INTO enterprises_enterprise (credit_code, name, legal_rep, registered_capital, founded_on, industry, section,
  staff, revenue, assets, size, above_scale, street_id, park, address, contact_name, contact_phone,
  contact_phone_index, contact_phone_masked, updated_at, status, status_text)
SELECT '91370112MA' || lpad(g::text, 8, '0'), '云溪测试企业' || g || '有限公司', '法人' || (g % 97),
  (g % 500) * 10, DATE '2026-11-25' - ((g * 37) % 7300)::int, d.industry, d.section,
  (g * 13) % 900, CASE WHEN g % 9 = 0 THEN NULL ELSE ((g * 7919) % 60000) / 1.0 END, ((g * 104729) % 40000) / 1.0,
  CASE WHEN (g * 7919) % 60000 >= 40000 THEN 'large' WHEN (g * 7919) % 60000 >= 2000 THEN 'medium'
       WHEN (g * 7919) % 60000 >= 300 THEN 'small' ELSE 'micro' END,
  g % 9 <> 0 AND (g * 7919) % 60000 >= 2000,
  streets[1 + g % array_length(streets, 1)], (ARRAY['', '', '', '云溪高新区', '云溪经开区'])[1 + g % 5],
  '', '', '', '', '', now(), 'active', ''
FROM generate_series(1::bigint, {N}) g
  JOIN (SELECT * FROM (VALUES {DIVISIONS}) v(k, industry, section)) d ON d.k = g % {D},
  (SELECT array_agg(id) streets FROM orgs_unit WHERE kind = 'street') st
"""
LABELS = """
INSERT INTO enterprises_enterpriselabel (enterprise_id, label_id, certificate, valid_from, valid_to)
SELECT e.id, l.id, '', DATE '2024-01-01', CASE WHEN e.id % 4 = 0 THEN DATE '2025-12-31' ELSE DATE '2027-12-31' END
FROM enterprises_enterprise e, enterprises_label l
WHERE (l.code = 'high_tech' AND e.id % 10 = 0) OR (l.code = 'specialised' AND e.id % 17 = 0)
"""
# Condition templates the way policy offices write them: thresholds, sections, labels, age, a
# ratio of two figures, alternatives and brackets, a list (evaluated in Python on what the filters
# leave) and a formula.
TEMPLATES = [
    ('revenue >= {r}\nsection == "C"', "", "revenue >= {r} AND section = 'C'"),
    ('"high_tech" in labels\nrevenue >= {s}', "", "revenue >= {s} AND {label:high_tech}"),
    ("age <= {y}\nstaff >= 10", "", "founded_on >= DATE '{today}' - {days} AND staff >= 10"),
    ("above_scale == true", "revenue * {k}", "above_scale"),
    ('section == "I"\nrevenue / staff >= {p}', "", "section = 'I' AND staff > 0 AND revenue / staff >= {p}"),
    ('"specialised" in labels\nsize != "large"', "", "size <> 'large' AND {label:specialised}"),
    ('park == "云溪高新区"\nassets >= {s}', "", "park = '云溪高新区' AND assets >= {s}"),
    ('industry == "34"\nstaff >= {t}', "", "industry = '34' AND staff >= {t}"),
    ('industry == "51" or industry == "52"\nstaff >= {s}', "", "industry IN ('51', '52') AND staff >= {s}"),
    ('(industry == "51" or industry == "52") and staff >= {t}', "", "industry IN ('51', '52') AND staff >= {t}"),
    ('industry in ["61", "62"]\nstaff >= {t}', "", "industry IN ('61', '62') AND staff >= {t}"),
]
# The same conditions as a person would write them in SQL: the baseline "plain query per article".
LABEL_SQL = ("id IN (SELECT el.enterprise_id FROM enterprises_enterpriselabel el JOIN enterprises_label l "
             "ON l.id = el.label_id WHERE l.code = '{code}' AND (el.valid_to IS NULL OR el.valid_to >= DATE '{today}'))")


def median_ms(fn, runs):
    times = []
    for _i in range(runs):
        start = time.perf_counter()
        fn()
        times.append(1000 * (time.perf_counter() - start))
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("set DATABASE_URL to a PostgreSQL database (it is emptied)")
    import django

    import emptydb

    emptydb.recreate()
    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from yiwang.demo import hall, loader
    from yiwang.enterprises.models import Enterprise
    from yiwang.orgs.models import Unit
    from yiwang.policies import conditions, selectors, services
    from yiwang.policies.models import PolicyDocument

    call_command("migrate", verbosity=0)
    loader.build_org()
    hall.build_units()
    users = loader.build_users()
    t = time.perf_counter()
    values = ", ".join(f"({i}, '{code}', '{section}')" for i, (code, section) in enumerate(DIVISIONS))
    with connection.cursor() as cur:
        cur.execute(GENERATE.replace("{N}", str(args.enterprises)).replace("{DIVISIONS}", values)
                    .replace("{D}", str(len(DIVISIONS))))
        cur.execute(LABELS)
        cur.execute("ANALYZE")
    print(f"generated {Enterprise.objects.count():,} enterprises in {time.perf_counter() - t:.0f} s")

    admin = users["supervisor"]  # the enterprise office edits policies; the system admin does not
    unit = Unit.objects.filter(handles_orders=True).exclude(kind=Unit.Kind.STREET).first()
    articles, plain_sql, per_document = [], [], 5
    today = timezone.localdate()
    for i in range(args.articles):
        if i % per_document == 0:
            document = services.create_document(
                actor=admin, number=f"云政发〔2026〕{100 + i // per_document}号", title=f"惠企政策 {1 + i // per_document}",
                issuing_unit=unit, valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2027, 12, 31))
        text, formula, sql = TEMPLATES[i % len(TEMPLATES)]
        n = 1 + i // len(TEMPLATES)
        fill = {"r": 1000 * n, "s": 300 * n, "y": 1 + n % 5, "k": 5 * n, "p": 20 * n, "t": 50 * n}
        for code in ("high_tech", "specialised"):
            sql = sql.replace(f"{{label:{code}}}", LABEL_SQL.format(code=code, today=today))
        plain_sql.append(sql.format(**fill, today=today, days=math.floor((1 + n % 5) * 365.25)))
        articles.append(services.save_article(
            actor=admin, document=document, seq=1 + i % per_document, title=f"条款 {i + 1}", content="奖励。",
            conditions_text=text.format(**fill), amount=None if formula else "100000",
            formula=formula.format(**fill), cap="500000", mode="apply", notice_days=5))
    compiled = sum(1 for a in articles for c in conditions.clauses(a.conditions)
                   if c not in conditions.compile_q(a.conditions)[1])
    total = sum(len(conditions.clauses(a.conditions)) for a in articles)
    print(f"{len(articles)} articles in {PolicyDocument.objects.count()} documents; "
          f"{compiled} of {total} conditions compiled to filters")

    def product_way():
        return {a.pk: {e.pk for e, _amount in selectors.eligible(a)} for a in articles}

    def plain_way():
        out = {a.pk: set() for a in articles}
        for e in Enterprise.objects.select_related("street").prefetch_related("held_labels__label").iterator(
                chunk_size=2000):
            facts = conditions.facts(e)
            for a in articles:
                if conditions.evaluate(a.conditions, facts)[0]:
                    out[a.pk].add(e.pk)
        return out

    mine, plain = product_way(), plain_way()
    if mine != plain:
        wrong = [a.pk for a in articles if mine[a.pk] != plain[a.pk]]
        sys.exit(f"the two ways disagree on articles {wrong}")
    matched = sum(len(v) for v in mine.values())
    print(f"both ways agree: {matched:,} (article, enterprise) matches")

    def counts():
        """Every article's count of qualifying enterprises, the product's way (what its pages show)."""
        return [len(selectors.matches(a)) for a in articles]

    def counts_by_sql():
        """The same counts by a plain SQL query per article."""
        with connection.cursor() as cur:
            out = []
            for where in plain_sql:
                cur.execute(f"SELECT count(*) FROM enterprises_enterprise WHERE {where}")
                out.append(cur.fetchone()[0])
            return out

    if counts() != counts_by_sql():
        sys.exit(f"the counts differ from plain SQL: {counts()} != {counts_by_sql()}")
    one = Enterprise.objects.order_by("pk")[args.enterprises // 2]

    def one_enterprise():
        return [ok for _a, ok, _r, _x, _c in selectors.articles_for(Enterprise.objects.get(pk=one.pk))]

    def one_by_sql():
        with connection.cursor() as cur:
            out = []
            for where in plain_sql:
                cur.execute(f"SELECT count(*) FROM enterprises_enterprise WHERE id = %s AND {where}", [one.pk])
                out.append(cur.fetchone()[0] == 1)
            return out

    if sorted(one_enterprise()) != sorted(one_by_sql()):
        sys.exit("one enterprise's articles differ from plain SQL")
    busiest = max(articles, key=lambda a: len(mine[a.pk]))
    client = Client()
    client.force_login(admin)

    def page():
        response = client.get(f"/policies/a/{busiest.pk}/")
        assert response.status_code == 200, response.status_code

    counted, by_sql = median_ms(counts, args.runs), median_ms(counts_by_sql, args.runs)
    own, own_sql = median_ms(one_enterprise, args.runs * 5), median_ms(one_by_sql, args.runs * 5)
    product = median_ms(product_way, args.runs)
    slow = median_ms(plain_way, max(1, args.runs // 2))
    shown = median_ms(page, args.runs)
    a, e = len(articles), f"{args.enterprises:,}"
    print(f"counts of all {a} articles x {e} enterprises, the product:  {counted:8.0f} ms")
    print(f"the same counts, a plain SQL query per article:          {by_sql:8.0f} ms")
    print(f"ratio product / plain SQL:                               {counted / by_sql:8.2f}x")
    print(f"one enterprise's {a} articles with reasons, the product:   {own:8.1f} ms")
    print(f"the same, a plain SQL query per article:                 {own_sql:8.1f} ms")
    print(f"ratio product / plain SQL:                               {own / own_sql:8.2f}x")
    print(f"full lists of all {a} articles (what runs and exports load): {product:8.0f} ms")
    print(f"the same, every enterprise evaluated in Python:          {slow:8.0f} ms")
    print(f"ratio Python / compiled:                                 {slow / product:8.1f}x")
    print(f"article page ({len(mine[busiest.pk]):,} qualifying, HTTP):               {shown:8.0f} ms")

if __name__ == "__main__":
    main()
