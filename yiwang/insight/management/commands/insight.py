"""`yiwang insight ...`: the stable command-line contract of the insight models.

    yiwang insight train --data FILE.jsonl --out DIR
    yiwang insight classify --model DIR  < messages.jsonl > labels.jsonl
    yiwang insight hot-issues --data FILE.jsonl --top N
    yiwang insight duplicates --data FILE.jsonl

None of them touches the database: they read files and standard input and write JSON.
"""
import json
import sys
from datetime import datetime, timezone
from itertools import islice

from django.core.management.base import BaseCommand, CommandError

from yiwang.insight import classifier, duplicates, hot
from yiwang.insight.text import DataError, read_jsonl

BATCH = 2000


class Command(BaseCommand):
    help = "Train and run the insight models from the command line (JSON Lines in, JSON out)."
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("train", help="train a classifier from JSON Lines with title, body and label")
        p.add_argument("--data", required=True)
        p.add_argument("--out", required=True)
        p.add_argument("--jobs", type=int, default=2, help="processes for cross-validation")
        p = sub.add_parser("classify", help="label JSON Lines (title, body) read from standard input")
        p.add_argument("--model", required=True)
        p = sub.add_parser("hot-issues", help="rank hot issues in JSON Lines messages")
        p.add_argument("--data", required=True)
        p.add_argument("--top", type=int, default=20)
        p = sub.add_parser("duplicates", help="find groups of near-duplicate messages")
        p.add_argument("--data", required=True)

    def handle(self, *args, action, **options):
        try:
            getattr(self, action.replace("-", "_"))(**options)
        except (DataError, classifier.TrainingError) as error:
            raise CommandError(str(error)) from None

    def _read(self, path, required):
        try:
            with open(path, encoding="utf-8") as handle:
                return read_jsonl(handle, required)
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text") from None

    def train(self, data, out, jobs, **_):
        rows = self._read(data, ("title", "body", "label"))
        if not rows:
            raise CommandError(f"{data} holds no messages")
        model, evaluation = classifier.train(rows, jobs=jobs)
        meta = {"trained_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "data": str(data),
                "labels": model.labels, "evaluation": evaluation}
        model.save(out, meta)
        self.stderr.write(f"trained on {len(rows)} messages; {evaluation['folds']}-fold macro-F1 "
                          f"{evaluation['macro_f1']:.4f}, accuracy {evaluation['accuracy']:.4f}; saved to {out}")

    def classify(self, model, **_):
        try:
            loaded = classifier.Classifier.load(model)
        except (FileNotFoundError, ValueError) as error:
            raise CommandError(str(error)) from None
        lines = iter(sys.stdin)
        first = 1
        while batch := list(islice(lines, BATCH)):
            try:
                rows = read_jsonl(batch)
            except DataError as error:
                # Name the line in the whole input, not in the batch.
                number, _, rest = str(error).partition(": ")
                raise CommandError(f"line {int(number.split()[1]) + first - 1}: {rest}") from None
            first += len(batch)
            if not rows:
                continue
            texts = [classifier.prepare(r["title"], r["body"]) for r in rows]
            out = [json.dumps({"label": best[0][0], "confidence": round(best[0][1], 4)}, ensure_ascii=False)
                   for best in loaded.predict(texts)]
            self.stdout.write("\n".join(out))

    def hot_issues(self, data, top, **_):
        rows = self._read(data, ("title", "body"))
        issues = hot.rank(hot.messages_from_rows(rows))[:top]
        self.stdout.write(json.dumps([issue.as_json() for issue in issues], ensure_ascii=False, indent=1))

    def duplicates(self, data, **_):
        rows = self._read(data, ("title", "body"))
        groups = duplicates.groups(duplicates.documents_from_rows(rows))
        self.stdout.write(json.dumps([[rows[i].get("id", i) for i in group] for group in groups], ensure_ascii=False))
