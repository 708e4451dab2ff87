"""Every benchmark at a small size, so that none breaks unseen (CI runs this after the tests).

    .venv/bin/python bench/run_small.py

The PostgreSQL benchmarks use (and empty) the database yiwang_bench_small on 127.0.0.1:5432,
made if it is missing. The insight benchmarks read ../shared/data (or YIWANG_DATA); a checkout
without it runs them on a small made-up data set instead, which proves they run, not their
figures. Prints each benchmark's output; exits non-zero when any fails."""
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PG = "postgres://postgres@127.0.0.1:5432/yiwang_bench_small"


def data_dir():
    import shared_data

    found = shared_data.folder()
    if (found / "messages-train.jsonl").exists():
        return found, None
    return synthetic()


def synthetic():
    """A made-up data set in the shared data's shape: labelled messages, messages with likes,
    one hot issue and labelled duplicate pairs."""
    out = Path(tempfile.mkdtemp(prefix="yiwang-bench-"))
    rng = random.Random(7)
    places = ["青山", "翠湖", "松林", "白鹭", "东湖", "金鼎", "河湾", "柳岸"]
    topics = {"环境保护": ("{p}小区楼下烧烤油烟扰民", "每天晚上油烟很大，窗户都不敢开，请环保部门处理。"),
              "城乡建设": ("{p}工地夜间施工噪音", "晚上十一点以后还在打桩，老人孩子无法休息。"),
              "交通运输": ("{p}路口红绿灯时间太短", "行人过马路来不及，希望交警部门调整信号灯。"),
              "劳动和社会保障": ("{p}公司拖欠工资三个月", "多次讨要无果，请劳动监察部门帮忙。"),
              "教育文体": ("{p}小学入学需要哪些材料", "孩子明年上小学，想问需要准备哪些证明。"),
              "卫生健康": ("{p}社区医院排队太久", "挂号和取药都要排很久，希望增加窗口。")}
    train, likes = [], []
    for label, (title, body) in topics.items():
        for i in range(30):
            p = places[i % len(places)]
            train.append({"title": title.format(p=p), "body": f"{p}{body}第{i}次反映。", "label": label})
    for i in range(240):
        label = list(topics)[i % len(topics)]
        title, body = topics[label]
        p = places[(i // len(topics)) % len(places)]
        likes.append({"id": 1000 + i, "user": f"U{i % 50}", "title": title.format(p=p), "body": p + body,
                      "time": f"2026-0{1 + i % 9}-{10 + i % 18} 09:00:00", "likes": rng.randrange(20), "dislikes": 0})
    (out / "messages-train.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in train) + "\n")
    for name in ("messages-with-likes", "messages-unlabelled", "messages-with-replies"):
        (out / f"{name}.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in likes) + "\n")
    same = [r["id"] for r in likes if r["title"].startswith("青山小区楼下")]
    (out / "hot-issue-example.json").write_text(json.dumps({"issues": [
        {"issue_id": "S1", "description": "青山小区油烟", "message_ids_implied_range": same}]}, ensure_ascii=False))
    labels = out / "duplicate-labels.jsonl"
    labels.write_text("\n".join(json.dumps({"a": a, "b": b, "duplicate": dup, "weight": 1.0}) for a, b, dup in [
        (same[0], same[1], True), (likes[0]["id"], likes[1]["id"], False), (likes[2]["id"], likes[8]["id"], True)]) + "\n")
    return out, labels


def ensure_database():
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = 'yiwang_bench_small'").fetchone():
            conn.execute("CREATE DATABASE yiwang_bench_small")


def main():
    data, labels = data_dir()
    ensure_database()
    python = sys.executable
    runs = [
        ("dashboard_scale", [python, "bench/dashboard_scale.py", "--orders", "3000", "--runs", "1"], {"DATABASE_URL": PG}),
        ("queues on the dashboard's orders (--keep)", [python, "bench/queues.py", "--keep", "--runs", "2"],
         {"DATABASE_URL": PG}),
        ("queues", [python, "bench/queues.py", "--orders", "800", "--runs", "2"], {"DATABASE_URL": PG}),
        ("intake_load", [python, "bench/intake_load.py", "--seconds", "3", "--users", "4", "--rate", "10"],
         {"DATABASE_URL": PG}),
        ("policy_matching", [python, "bench/policy_matching.py", "--enterprises", "3000", "--articles", "16", "--runs", "1"],
         {"DATABASE_URL": PG}),
        ("assistance_linkage", [python, "bench/assistance_linkage.py", "--records", "3000", "--spark-records", "600"],
         {"DATABASE_URL": PG}),
        ("places (PostgreSQL)", [python, "bench/places.py", "--grids", "300", "--runs", "20"], {"DATABASE_URL": PG}),
        ("places (SQLite)", [python, "bench/places.py", "--grids", "300", "--runs", "20"], {}),
        ("insight_classify", [python, "bench/insight_classify.py", "--data", str(data / "messages-train.jsonl"),
                              "--limit", "400"], {}),
        ("insight_duplicates", [python, "bench/insight_duplicates.py", "--data", str(data), "--size", "2000",
                                *(["--labels", str(labels)] if labels else [])], {}),
        ("insight_hot", [python, "bench/insight_hot.py", "--data", str(data), "--top", "3"], {}),
    ]
    failed = []
    for name, command, env in runs:
        started = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True)
        print(f"== {name} ({time.perf_counter() - started:.0f} s, exit {result.returncode})")
        print(result.stdout.rstrip())
        if result.returncode:
            print(result.stderr[-3000:])
            failed.append(name)
    if labels:
        print("(insight benchmarks ran on made-up data: ../shared/data is not beside this checkout)")
    if failed:
        sys.exit(f"benchmarks that failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
