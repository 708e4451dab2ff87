"""yiwang purge [--dry-run]: the retention purge (run it daily, e.g. from cron or celery beat)."""
from django.core.management.base import BaseCommand

from yiwang.maintenance import retention

LABELS = {"workorders": "工单来电人信息", "applications": "办件申请人信息", "ratings": "评价人信息",
          "rectifications": "整改反映人信息", "texts": "短信", "webhook deliveries": "推送记录", "sessions": "过期会话", "idempotency keys": "过期的幂等键",
          "audit": "审计日志", "reveals": "查看完整号码记录"}


class Command(BaseCommand):
    help = "Remove what the retention settings no longer keep (personal data of finished cases, logs)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")

    def handle(self, *args, dry_run, **options):
        report = retention.run(dry_run=dry_run)
        self.stdout.write("将清理 / would purge:" if dry_run else "已清理 / purged:")
        for what, n in report.counts.items():
            self.stdout.write(f"  {LABELS.get(what, what)} / {what}: {n}")
