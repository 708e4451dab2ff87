"""One person per set of records, one household per 户号.

The same valid ID number is the same person, and two different valid ID numbers are two people.
Where a record has no usable ID number, a probabilistic record-linkage model (splink, here on
DuckDB; the same settings run on Spark, see `spark_predict`) weighs name, birth date, sex, street
and address. Chinese names are compared as characters and as their sound (pinyin without tones), so
明/铭 is a typo while 王/李 is another person; namesakes born the same day in different streets
stay apart because the street and address weigh against them. The model learns what agreement
means from the records whose ID numbers already join them (m from the ID as a label, u from
random pairs). Pairs above `link_accept` are joined; pairs between `link_review` and it wait in
the review queue for a person; a person's decision (same or different) holds on every later run.

The run is deterministic for the same records and decisions, and a person keeps their number
(`key`) when their records are joined again."""
import collections
import logging
import time

from django.db import transaction
from django.db.models import Count

from yiwang.bulk import update_many

from .models import Household, LinkDecision, Person, Record, ReviewPair, Settings

log = logging.getLogger(__name__)
COLUMNS = ["unique_id", "name", "name_pinyin", "sex", "birth_date", "street_id", "address", "id_key", "community_id",
           "household", "phone_key"]


def splink_settings(lam=0.0001):
    """The model: blocking rules and comparisons, the same on DuckDB and on Spark."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator

    name = cl.CustomComparison(output_column_name="name", comparison_levels=[
        cll.NullLevel("name"),
        cll.ExactMatchLevel("name").configure(label_for_charts="same characters", tf_adjustment_column="name"),
        cll.ExactMatchLevel("name_pinyin").configure(label_for_charts="same sound (homophone)"),
        cll.DamerauLevenshteinLevel("name", 1).configure(label_for_charts="one character apart"),
        cll.JaroWinklerLevel("name_pinyin", 0.9).configure(label_for_charts="similar sound"),
        cll.ElseLevel()])
    birth = cl.CustomComparison(output_column_name="birth_date", comparison_levels=[
        cll.NullLevel("birth_date"), cll.ExactMatchLevel("birth_date"),
        cll.DamerauLevenshteinLevel("birth_date", 1).configure(label_for_charts="one digit apart"),
        cll.ElseLevel()])
    unless_both_have_ids = "(l.id_key IS NULL OR r.id_key IS NULL)"
    return SettingsCreator(
        link_type="dedupe_only",
        probability_two_random_records_match=lam,
        blocking_rules_to_generate_predictions=[
            f"l.birth_date = r.birth_date AND l.sex = r.sex AND {unless_both_have_ids}",
            f"l.name_pinyin = r.name_pinyin AND l.street_id = r.street_id AND {unless_both_have_ids}",
            f"l.name = r.name AND {unless_both_have_ids}",
            f"l.phone_key = r.phone_key AND {unless_both_have_ids}",
        ],
        comparisons=[
            name, birth,
            cl.ExactMatch("sex"),
            cl.ExactMatch("street_id"),
            cl.ExactMatch("community_id"),
            cl.ExactMatch("household"),
            cl.ExactMatch("phone_key"),
            cl.JaroWinklerAtThresholds("address", [0.95, 0.8]),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def _frame(rows):
    import pyarrow as pa

    return pa.table({c: [r[i] for r in rows] for i, c in enumerate(COLUMNS)})


FIELDS = ("pk", "name", "name_pinyin", "sex", "birth_date", "street_id", "address", "id_number_index", "id_valid",
          "community_id", "household_number", "phone_index", "fingerprint", "person_id")


def model_row(pk, name, py, sex, born, street, address, index, valid, community, household, phone):
    """A record as the model reads it (COLUMNS): empty values as nulls, which agree with nothing."""
    return (pk, name or None, py or None, sex or None, born.isoformat() if born else None, street, address or None,
            index if valid and index else None, community, household or None, phone or None)


def _trained(db_api, frame, rows):
    """A linker on `frame` (registered on any splink backend) with the model trained: u from random
    pairs, m from the records the ID numbers already join. The prior is the share of ID-bearing pairs
    that are the same person."""
    from splink import Linker

    with_id = collections.Counter(r[7] for r in rows if r[7])
    true_pairs = sum(n * (n - 1) // 2 for n in with_id.values())
    n_id = sum(with_id.values())
    lam = min(max(true_pairs / max(1, n_id * (n_id - 1) // 2), 1e-7), 0.5) if n_id > 1 else 0.0001
    linker = Linker(db_api.register(frame, table_name="records"), splink_settings(lam), log_level=logging.WARNING)
    linker.training.estimate_u_using_random_sampling(max_pairs=min(2_000_000, len(rows) * 20), seed=7)
    if true_pairs:
        # The records the ID numbers already join teach the model how often the same person's name,
        # birth date and street agree (splink takes a label column that is only partly filled).
        linker.training.estimate_m_from_label_column("id_key")
    return linker


def train_and_predict(rows, *, db_api=None, threshold=0.3):
    """[(unique_id_l, unique_id_r, probability)] for the pairs the model scores at least `threshold`.
    `rows` are tuples in COLUMNS order; `id_key` is the blind index of a valid ID number or None."""
    from splink import DuckDBAPI

    if len(rows) < 2:
        return []
    db_api = db_api or DuckDBAPI()
    predictions = _trained(db_api, _frame(rows), rows).inference.predict(threshold_match_probability=threshold)
    table = predictions.as_duckdbpyrelation().select("unique_id_l, unique_id_r, match_probability").fetchall()
    return [(int(a), int(b), float(p)) for a, b, p in table]


def spark_session(master="local[2]", checkpoint_dir=None):
    """A Spark session able to run the model: splink's similarity functions (Damerau-Levenshtein,
    Jaro-Winkler) are Scala UDFs in the jar splink ships, which the session must load; splink's
    Spark backend checkpoints, so the session needs a checkpoint directory. `master` is
    "local[N]" on one machine, a cluster's URL in a city or province."""
    import tempfile

    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    spark = (SparkSession.builder.master(master).appName("yiwang-assistance")
             .config("spark.jars", similarity_jar_location()).config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", "8").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.setCheckpointDir(checkpoint_dir or tempfile.mkdtemp(prefix="yiwang-spark-"))
    return spark


def spark_predict(rows, spark, *, threshold=0.3):
    """The same model on Spark (a local session here, a cluster's in a city or province): the same
    settings, training and threshold; rows as for train_and_predict."""
    from pyspark.sql.types import LongType, StringType, StructField, StructType
    from splink import SparkAPI

    schema = StructType([StructField("unique_id", LongType())] + [
        StructField(c, LongType() if c in ("street_id", "community_id") else StringType()) for c in COLUMNS[1:]])
    frame = spark.createDataFrame([tuple(r) for r in rows], schema)
    linker = _trained(SparkAPI(spark_session=spark), frame, rows)
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    table = predictions.as_spark_dataframe().select("unique_id_l", "unique_id_r", "match_probability").collect()
    return [(int(a), int(b), float(p)) for a, b, p in table]


class Clusters:
    """Union-find that refuses to join two sets holding different valid ID numbers, or a pair a
    person said were different."""

    def __init__(self, ids, id_key, apart):
        self.parent = {i: i for i in ids}
        self.keys = {i: ({id_key[i]} if id_key.get(i) else set()) for i in ids}
        self.members = {i: {i} for i in ids}
        self.apart = apart  # {record id: {record ids it is not}}

    def find(self, i):
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self.keys[ra] and self.keys[rb] and self.keys[ra] != self.keys[rb]:
            return False
        small, big = sorted((ra, rb), key=lambda r: len(self.members[r]))
        if any(self.apart.get(m, set()) & self.members[big] for m in self.members[small]):
            return False
        self.parent[small] = big
        self.keys[big] |= self.keys[small]
        self.members[big] |= self.members.pop(small)
        del self.keys[small]
        return True

    def groups(self):
        return [sorted(m) for m in self.members.values()]


def _decisions(by_fingerprint):
    """(pairs of record ids decided the same, {record id: {record ids decided different}})."""
    same, apart = [], collections.defaultdict(set)
    for first, second, is_same in LinkDecision.objects.values_list("first", "second", "same"):
        for a in by_fingerprint.get(first, ()):
            for b in by_fingerprint.get(second, ()):
                if is_same:
                    same.append((a, b))
                else:
                    apart[a].add(b)
                    apart[b].add(a)
    return same, apart


def group(rows, fingerprints, predictions, *, accept, review, decisions=True):
    """(groups of record ids, pairs to review [(a, b, p)])."""
    ids = [r[0] for r in rows]
    id_key = {r[0]: r[7] for r in rows if r[7]}
    by_fp = collections.defaultdict(list)
    for pk, fp in fingerprints.items():
        by_fp[fp].append(pk)
    same, apart = _decisions(by_fp) if decisions else ([], {})
    clusters = Clusters(ids, id_key, apart)
    first_of = {}
    for pk in ids:
        if pk in id_key:
            other = first_of.setdefault(id_key[pk], pk)
            clusters.join(other, pk)
    for a, b in same:
        clusters.join(a, b)
    decided = {frozenset((fingerprints[a], fingerprints[b])) for a, b in same}
    decided |= {frozenset((fingerprints[a], fingerprints[b])) for a, others in apart.items() for b in others}
    to_review = []
    street = {r[0]: r[5] for r in rows}
    for a, b, p in sorted(predictions, key=lambda t: (-t[2], t[0], t[1])):
        if frozenset((fingerprints[a], fingerprints[b])) in decided:
            continue
        if street[a] and street[b] and street[a] != street[b]:
            # Namesakes born the same day in different streets are two people unless a person
            # who knows says otherwise (someone who moved): never joined without review.
            p = min(p, max(review, accept - 1e-6))
        if p >= accept:
            clusters.join(a, b)
        elif p >= review:
            to_review.append((a, b, p))
    # A pair left to review whose records the sure links already joined needs nobody.
    to_review = [(a, b, p) for a, b, p in to_review if clusters.find(a) != clusters.find(b)]
    return clusters.groups(), to_review


def new_keys(count):
    """The next `count` person numbers (P000000001, ...)."""
    last = Person.objects.order_by("-key").values_list("key", flat=True).first()
    start = int(last[1:]) if last else 0
    return [f"P{n:09d}" for n in range(start + 1, start + count + 1)]


def run(*, predictions=None, now=None):
    """Join every record (current and ended) to its person, then the people to households. Returns
    a summary: records, people, pairs waiting for review, seconds."""
    from django.utils import timezone

    started = time.perf_counter()
    settings = Settings.current()
    rows, fingerprints, persons_now = [], {}, {}
    for row in Record.objects.values_list(*FIELDS).order_by("pk").iterator(chunk_size=20000):
        rows.append(model_row(*row[:-2]))
        fingerprints[row[0]] = row[-2]
        persons_now[row[0]] = row[-1]
    if predictions is None:
        predictions = train_and_predict(rows, threshold=min(settings.link_review, 0.3)) if rows else []
    groups, to_review = group(rows, fingerprints, predictions, accept=settings.link_accept,
                              review=settings.link_review)
    persons = _persist(groups, persons_now)
    _review_queue(to_review, now or timezone.now())
    households()
    took = time.perf_counter() - started
    return {"records": len(rows), "people": persons, "review": len(to_review), "seconds": round(took, 1)}


def _persist(groups, persons_now):
    """Give each group a person: the one most of its records had (so numbers stay), else a new one."""
    with transaction.atomic():
        taken, assignment, fresh = set(), {}, []
        for members in sorted(groups, key=len, reverse=True):
            counts = collections.Counter(persons_now[m] for m in members if persons_now[m])
            keep = next((p for p, _n in counts.most_common() if p not in taken), None)
            if keep is None:
                fresh.append(members)
            else:
                taken.add(keep)
                for m in members:
                    assignment[m] = keep
        new_people = [Person(key=key, name="") for key in new_keys(len(fresh))]
        created = Person.objects.bulk_create(new_people, batch_size=5000)
        if created and created[0].pk is None:  # a backend that does not return ids
            keys = {p.key for p in new_people}
            created = list(Person.objects.filter(key__in=keys).order_by("key"))
        for members, person in zip(fresh, created):
            for m in members:
                assignment[m] = person.pk
        moved = collections.defaultdict(list)
        for pk, person in assignment.items():
            if persons_now[pk] != person:
                moved[person].append(pk)
        for person, pks in moved.items():
            for i in range(0, len(pks), 5000):
                Record.objects.filter(pk__in=pks[i:i + 5000]).update(person_id=person)
        touched = set(moved) | {p.pk for p in created}
        _refresh_people(touched)
        # People left without records and nothing else to their name go.
        (Person.objects.annotate(n=Count("records")).filter(n=0, alerts__isnull=True, grants__isnull=True,
                                                            referrals__isnull=True).delete())
    return len(groups)


def _refresh_people(pks, batch=2000):
    """A person's details from their records: a valid ID number first, the most common name, the
    latest street and address."""
    pks = sorted(pks)
    for i in range(0, len(pks), batch):
        chunk = pks[i:i + batch]
        records = collections.defaultdict(list)
        for r in Record.objects.filter(person_id__in=chunk).order_by("-imported_at", "-pk").only(
                "person_id", "name", "sex", "birth_date", "id_number", "id_valid", "phone", "address", "street_id",
                "community_id", "household_number", "relation", "imported_at", "fact", "starts_on", "ended_on"):
            records[r.person_id].append(r)
        people = list(Person.objects.filter(pk__in=chunk))
        for p in people:
            rs = records.get(p.pk, [])
            if not rs:
                continue
            with_id = [r for r in rs if r.id_valid]
            p.id_number = with_id[0].id_number if with_id else ""
            p.name = collections.Counter(r.name for r in rs if r.name).most_common(1)[0][0] if any(
                r.name for r in rs) else p.name
            p.sex = next((r.sex for r in with_id + rs if r.sex), "")
            p.birth_date = next((r.birth_date for r in with_id + rs if r.birth_date), None)
            p.phone = next((r.phone for r in rs if r.phone), "")
            placed = next((r for r in rs if r.street_id), None)
            p.street_id = placed.street_id if placed else None
            p.community_id = next((r.community_id for r in rs if r.community_id), None)
            p.address = next((r.address for r in rs if r.address), "")
            p.relation = next((r.relation for r in rs if r.relation), "")
            death = next((r for r in rs if r.fact == "death"), None)
            p.deceased_on = (death.starts_on or death.imported_at.date()) if death else None
            derive(p)
        update_many(Person, people, ["id_number", "id_number_index", "id_number_masked", "name", "sex", "birth_date",
                                     "phone", "phone_index", "phone_masked", "street", "community", "address",
                                     "relation", "deceased_on"], batch_size=1000)


def derive(instance):
    """The blind indexes and masked copies of an instance's personal numbers (a bulk update does not
    compute them as save and bulk_create do)."""
    from yiwang.privacy.fields import _Derived

    for field in instance._meta.concrete_fields:
        if isinstance(field, _Derived):
            setattr(instance, field.attname, field.derive(getattr(instance, field.source) or ""))


def _review_queue(pairs, now):
    """The unsure pairs, replacing the undecided ones of the last run."""
    with transaction.atomic():
        ReviewPair.objects.filter(decision__isnull=True).delete()
        ReviewPair.objects.bulk_create([ReviewPair(first_id=min(a, b), second_id=max(a, b), probability=p,
                                                   found_at=now) for a, b, p in pairs],
                                       batch_size=5000, ignore_conflicts=True)


def households():
    """One household per 户号: its members are the people whose records carry it (a person's latest
    户号 counts). The household's street and community are its head's, else its members' most common."""
    with transaction.atomic():
        latest = {}
        for person, number in (Record.objects.exclude(household_number="").filter(person__isnull=False)
                               .order_by("person_id", "-imported_at", "-pk")
                               .values_list("person_id", "household_number").iterator(chunk_size=20000)):
            latest.setdefault(person, number)
        existing = dict(Household.objects.values_list("number", "pk"))
        missing = sorted(set(latest.values()) - set(existing))
        Household.objects.bulk_create([Household(number=n) for n in missing], batch_size=5000)
        if missing:
            existing = dict(Household.objects.values_list("number", "pk"))
        by_household = collections.defaultdict(list)
        for person, number in latest.items():
            by_household[existing[number]].append(person)
        people = Person.objects.only("pk", "household_id")
        changed = []
        for p in people.iterator(chunk_size=20000):
            want = existing.get(latest.get(p.pk)) if p.pk in latest else None
            if p.household_id != want:
                p.household_id = want
                changed.append(p)
        update_many(Person, changed, ["household"], batch_size=5000)
        _place_households()
        Household.objects.filter(members__isnull=True, alerts__isnull=True).delete()


def _place_households():
    places = collections.defaultdict(list)
    for hh, relation, street, community, address in (Person.objects.filter(household__isnull=False)
                                                     .values_list("household_id", "relation", "street_id",
                                                                  "community_id", "address")):
        places[hh].append((relation == "户主", street, community, address))
    changed = []
    for hh in Household.objects.filter(pk__in=list(places)).iterator(chunk_size=20000):
        members = sorted(places[hh.pk], key=lambda m: not m[0])
        street = collections.Counter(m[1] for m in members if m[1]).most_common(1)
        head = members[0]
        want = (head[1] or (street[0][0] if street else None), head[2] or next((m[2] for m in members if m[2]), None),
                head[3] or next((m[3] for m in members if m[3]), ""))
        if (hh.street_id, hh.community_id, hh.address) != want:
            hh.street_id, hh.community_id, hh.address = want
            changed.append(hh)
    update_many(Household, changed, ["street", "community", "address"], batch_size=5000)


def people_lines():
    """`yiwang assistance people`: one JSON object per person with their records (source, row)."""
    import json

    current, records = None, []
    query = (Record.objects.filter(person__isnull=False).order_by("person__key", "source__code", "row")
             .values_list("person__key", "source__code", "row"))
    for key, code, row in query.iterator(chunk_size=20000):
        if key != current and current is not None:
            yield json.dumps({"person": current, "records": records}, ensure_ascii=False)
            records = []
        current = key
        records.append({"source": code, "row": row})
    if current is not None:
        yield json.dumps({"person": current, "records": records}, ensure_ascii=False)

