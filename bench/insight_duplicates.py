"""Duplicate finding: precision and recall on labelled pairs, and speed on 100,000 messages.

    .venv/bin/python bench/insight_duplicates.py [--size 100000] [--data ../shared/data]

Labels: bench/data/duplicate-labels.jsonl holds 150 pairs of `messages-with-likes.jsonl` ids,
judged by hand (same problem at the same place, or the same request from the same group).
The pairs were drawn from every pair that shares at least an eighth of its words or a third
of its title, 25 from each band of similarity; `weight` is how many pairs of the pool each
labelled pair stands for, so the weighted figures estimate the whole pool, not the sample.
"""
import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import shared_data  # noqa: E402
from yiwang.insight import duplicates as d  # noqa: E402
from yiwang.insight.text import read_jsonl  # noqa: E402

HERE = Path(__file__).resolve().parent


def quality(data, thresholds, labels_file=HERE / "data" / "duplicate-labels.jsonl"):
    rows = read_jsonl(open(data / "messages-with-likes.jsonl", encoding="utf-8"))
    labels = [json.loads(line) for line in open(labels_file, encoding="utf-8")]
    wanted = {label["a"] for label in labels} | {label["b"] for label in labels}
    by_id = {}
    for row in rows:
        if row["id"] in wanted and row["id"] not in by_id:
            by_id[row["id"]] = d.prepare(row["id"], row["title"], row["body"])
    print(f"labelled pairs: {len(labels)} ({sum(lab['duplicate'] for lab in labels)} duplicates)")
    print("threshold  precision  recall  F1    | weighted: precision  recall  F1")
    for threshold in thresholds:
        counts = {True: [0, 0, 0], False: [0, 0, 0]}  # weighted?: tp, fp, fn
        for label in labels:
            a, b = by_id[label["a"]], by_id[label["b"]]
            candidate = bool(set(a.bands) & set(b.bands))
            found = candidate and d.similarity(a, b) >= threshold
            for weighted in (False, True):
                w = label["weight"] if weighted else 1
                if found and label["duplicate"]:
                    counts[weighted][0] += w
                elif found:
                    counts[weighted][1] += w
                elif label["duplicate"]:
                    counts[weighted][2] += w
        figures = []
        for weighted in (False, True):
            tp, fp, fn = counts[weighted]
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            figures.append((p, r, 2 * p * r / (p + r) if p + r else 0.0))
        (p, r, f), (wp, wr, wf) = figures
        print(f"{threshold:9.2f}  {p:9.3f}  {r:6.3f}  {f:5.3f} | {wp:18.3f}  {wr:6.3f}  {wf:5.3f}")


def speed(data, size):
    texts = []
    for name in ("messages-unlabelled", "messages-with-likes", "messages-with-replies", "messages-train"):
        for row in read_jsonl(open(data / f"{name}.jsonl", encoding="utf-8")):
            texts.append((row["title"], row["body"]))
    rng = random.Random(1)
    rows = []
    while len(rows) < size:
        title, body = texts[len(rows) % len(texts)]
        if len(rows) >= len(texts):  # later rounds: a reworded copy (a sentence dropped, a detail changed)
            parts = body.split("。")
            if len(parts) > 2:
                parts.pop(rng.randrange(len(parts)))
            body = "。".join(parts) + f"（第{len(rows) // len(texts)}次反映）"
        rows.append({"id": len(rows), "title": title, "body": body})
    started = time.perf_counter()
    documents = d.documents_from_rows(rows)
    prepared = time.perf_counter()
    groups = d.groups(documents)
    done = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{size} messages: prepare {prepared - started:.1f} s ({size / (prepared - started):.0f}/s), "
          f"group {done - prepared:.1f} s; {len(groups)} groups covering {sum(map(len, groups))} messages; "
          f"total {done - started:.1f} s; peak memory {peak:.0f} MB")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=str(shared_data.folder()))
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--labels", default=str(HERE / "data" / "duplicate-labels.jsonl"))
    args = parser.parse_args()
    data = Path(args.data)
    quality(data, [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6], Path(args.labels))
    if not args.skip_speed:
        speed(data, args.size)


if __name__ == "__main__":
    main()
