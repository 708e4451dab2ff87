"""The assistance data centre at scale: synthetic records from 18 departments (known truth: about 20%
without a usable ID number, names mistyped by sound and by shape, dates in mixed formats, namesakes
born the same day in different streets) are imported through the product's own reader and linked to
people and households, then

  * the linkage's pairwise precision and recall against the truth (aim: ≥ 0.99 and ≥ 0.95),
  * the time and peak memory (resident set) to import and link, against loading the same rows into
    PostgreSQL with COPY (the floor of any import), as a ratio in one run,
  * the same model on Spark in local mode on a small set (pyspark; Java on the machine), with its
    precision and recall, so that the path to a cluster is real.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yiwang_bench python bench/assistance_linkage.py --records 1000000

The database named in DATABASE_URL is dropped and made again first (bench/emptydb.py). Each stage runs
in its own process, so each peak memory is its own."""
import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"

STREETS = [("流亭街道", ["流亭社区", "双埠社区", "赵红社区"]), ("城阳街道", ["城阳社区", "后桃林社区", "西城汇社区"]),
           ("夏庄街道", ["夏庄社区", "源头社区", "少山社区"]), ("惜福镇街道", ["惜福镇社区", "傅家埠社区"]),
           ("棘洪滩街道", ["棘洪滩社区", "南万社区"]), ("上马街道", ["上马社区", "桃源社区"]),
           ("红岛街道", ["红岛社区", "韩家社区"]), ("河套街道", ["河套社区", "罗家营社区"])]


def setup_places():
    from yiwang.orgs.models import Unit

    district = Unit.objects.create(code="CY", name="城阳区", kind="district")
    for i, (street, communities) in enumerate(STREETS):
        s = Unit.objects.create(code=f"CY-{i}", name=street, kind="street", parent=district)
        for j, community in enumerate(communities):
            Unit.objects.create(code=f"CY-{i}-{j}", name=community, kind="community", parent=s)


def generate(records, seed=4):
    from yiwang.assistance import synthetic

    return synthetic.generate(records, streets=STREETS, seed=seed)


def stage_import_and_link(records, out):
    """Child process: migrate, import every source through the product's reader, link."""
    from bench import emptydb

    emptydb.recreate()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    setup_places()
    from yiwang.assistance import importing, linking, synthetic
    from yiwang.assistance.models import Record

    generated = generate(records)
    started = time.perf_counter()
    for spec in generated.specs:
        src = importing.source_for(spec.code, name=spec.name, help=spec.help, fact=spec.fact)
        parsed = importing.read(name=f"{spec.code}.csv", content=synthetic.csv_bytes(generated.files[spec.code]),
                                source=src)
        importing.replace(src, parsed, file_name=f"{spec.code}.csv")
    imported = time.perf_counter() - started
    summary = linking.run()
    linked = time.perf_counter() - started - imported
    predicted = {(c, r): p for c, r, p in Record.objects.values_list("source__code", "row", "person_id")
                 .iterator(chunk_size=50000)}
    precision, recall = synthetic.pairwise_quality(generated.truth, predicted)
    Path(out).write_text(json.dumps({
        "rows": sum(len(rows) - 1 for rows in generated.files.values()), "import_s": imported, "link_s": linked,
        "people": summary["people"], "review": summary["review"], "truth_people": len(set(generated.truth.values())),
        "precision": precision, "recall": recall,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def stage_copy(records, out):
    """Child process: the same rows into one plain PostgreSQL table with COPY (the baseline)."""
    import dj_database_url
    import psycopg

    generated = generate(records)
    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    started = time.perf_counter()
    with psycopg.connect(host=config["HOST"] or None, port=config["PORT"] or None, user=config["USER"] or None,
                         dbname=config["NAME"]) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_copy")
        conn.execute("CREATE TABLE bench_copy (source text, row int, cells text[])")
        with conn.cursor().copy("COPY bench_copy (source, row, cells) FROM STDIN") as copy:
            for code, rows in generated.files.items():
                for n, cells in enumerate(rows[1:], start=2):
                    copy.write_row((code, n, [str(c) for c in cells]))
        conn.execute("DROP TABLE bench_copy")
    Path(out).write_text(json.dumps({"copy_s": time.perf_counter() - started,
                                     "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def stage_spark(records, out):
    """Child process: the model on Spark in local mode, on rows read the product's way (no database)."""
    import django

    os.environ["DATABASE_URL"] = "sqlite:///:memory:"
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    setup_places()
    from yiwang.assistance import importing, linking, synthetic
    from yiwang.assistance.importing import fingerprint
    from yiwang.assistance.models import Source
    from yiwang.privacy import crypto

    generated = generate(records, seed=9)
    rows, truth, fingerprints, n = [], {}, {}, 0
    for spec in generated.specs:
        src = Source(code=spec.code, help=spec.help, fact=spec.fact)
        parsed = importing.read(name="x.csv", content=synthetic.csv_bytes(generated.files[spec.code]), source=src)
        for number, values, _other in parsed.rows:
            n += 1
            street, community = values.get("street"), values.get("community")
            rows.append(linking.model_row(
                n, values.get("name", ""), synthetic_pinyin(values.get("name", "")), values.get("sex", ""),
                values.get("birth_date"), street.pk if street else None, values.get("address", ""),
                crypto.blind("id", values["id_number"]) if values.get("id_valid") else "", bool(values.get("id_valid")),
                community.pk if community else None, values.get("household_number", ""),
                crypto.blind("phone", values.get("phone", "")) if values.get("phone") else ""))
            truth[n] = generated.truth[(spec.code, number)]
            fingerprints[n] = fingerprint(spec.code, values)
    spark = linking.spark_session("local[2]")
    started = time.perf_counter()
    predictions = linking.spark_predict(rows, spark)
    took = time.perf_counter() - started
    spark.stop()
    groups, _review = linking.group(rows, fingerprints, predictions, accept=0.99, review=0.5, decisions=False)
    predicted = {m: i for i, members in enumerate(groups) for m in members}
    precision, recall = synthetic.pairwise_quality(truth, predicted)
    Path(out).write_text(json.dumps({"rows": len(rows), "spark_s": took, "precision": precision, "recall": recall}))


def synthetic_pinyin(name):
    from yiwang.assistance.normalise import pinyin

    return pinyin(name)


def child(stage, records, timeout):
    out = Path(f"/tmp/yiwang-bench-assistance-{os.getpid()}-{stage}.json")
    started = time.perf_counter()
    result = subprocess.run([sys.executable, __file__, "--stage", stage, "--records", str(records), "--out", str(out)],
                            capture_output=True, text=True, timeout=timeout)
    if result.returncode:
        print(result.stderr[-3000:])
        raise SystemExit(f"stage {stage} failed")
    data = json.loads(out.read_text())
    data["wall_s"] = time.perf_counter() - started
    out.unlink()
    return data


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=90000)
    parser.add_argument("--spark-records", type=int, default=3000, dest="spark_records")
    parser.add_argument("--no-spark", action="store_true", dest="no_spark")
    parser.add_argument("--stage", default="")
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    if args.stage:
        {"link": stage_import_and_link, "copy": stage_copy, "spark": stage_spark}[args.stage](args.records, args.out)
        return
    postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    product = child("link", args.records, timeout=6 * 3600)
    print(f"records: {product['rows']:,} from 18 sources, {product['truth_people']:,} people in the truth")
    print(f"linkage: precision {product['precision']:.4f}, recall {product['recall']:.4f} "
          f"({product['people']:,} people found, {product['review']:,} pairs left for review)")
    print(f"import {product['import_s']:.1f} s + link {product['link_s']:.1f} s; peak memory {product['peak_mb']:.0f} MB")
    if postgres:
        copy = child("copy", args.records, timeout=3600)
        total = product["import_s"] + product["link_s"]
        print(f"baseline COPY of the same rows: {copy['copy_s']:.1f} s, peak memory {copy['peak_mb']:.0f} MB")
        print(f"ratio import+link / COPY: time {total / copy['copy_s']:.1f}x, memory "
              f"{product['peak_mb'] / copy['peak_mb']:.1f}x")
    else:
        print("(no PostgreSQL in DATABASE_URL: the COPY baseline is skipped)")
    if not args.no_spark:
        spark = child("spark", args.spark_records, timeout=1800)
        print(f"spark (local[2]) on {spark['rows']:,} records: predict {spark['spark_s']:.1f} s, "
              f"precision {spark['precision']:.4f}, recall {spark['recall']:.4f}")


if __name__ == "__main__":
    main()
