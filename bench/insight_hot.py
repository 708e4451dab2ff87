"""Hot issues on ../shared/data/messages-with-likes.jsonl: time taken, the top of the table,
and whether the two worked examples of hot-issue-example.json come out as issues.

    .venv/bin/python bench/insight_hot.py [--data DIR] [--top N]
"""
import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import shared_data  # noqa: E402
from yiwang.insight import hot  # noqa: E402
from yiwang.insight.text import read_jsonl  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=str(shared_data.folder()))
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()
    data = Path(args.data)
    rows = read_jsonl(open(data / "messages-with-likes.jsonl", encoding="utf-8"))
    started = time.perf_counter()
    issues = hot.rank(hot.messages_from_rows(rows))
    took = time.perf_counter() - started
    print(f"{len(rows)} messages -> {len(issues)} issues of two or more messages in {took:.1f} s")
    for issue in issues[:args.top]:
        print(f"  #{issue.rank:<3} heat {issue.heat:5.2f}  {len(issue.messages):3d} msgs  "
              f"{issue.place or '—'}  {issue.description}  ({issue.time_range})")
    failed = 0
    for example in json.load(open(data / "hot-issue-example.json", encoding="utf-8"))["issues"]:
        wanted = set(example["message_ids_implied_range"])
        found = [i for i in issues if wanted & set(i.as_json()["message_ids"])]
        whole = [i for i in found if wanted <= set(i.as_json()["message_ids"])]
        verdict = "ALL IN ONE ISSUE" if whole else "SPLIT OR MISSING"
        failed += not whole
        for issue in found:
            print(f"  example {example['issue_id']} ({example['description']}): {verdict}; issue #{issue.rank}, "
                  f"{len(issue.messages)} messages, holds {len(wanted & set(issue.as_json()['message_ids']))}"
                  f" of {len(wanted)}; {issue.place}: {issue.description} ({issue.time_range})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
