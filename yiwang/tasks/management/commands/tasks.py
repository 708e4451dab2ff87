"""yiwang tasks remind: remind every key task whose progress report is due (run daily, from cron
or Celery beat; a task is reminded once per due date)."""
from django.core.management.base import BaseCommand

from yiwang.tasks import services


class Command(BaseCommand):
    help = "Key tasks: `remind` the lead units whose progress reports are due."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("remind", help="remind the reports that are due")

    def handle(self, *args, action, **options):
        reminded = services.remind_reports()
        self.stdout.write(f"已提醒 {len(reminded)} 项任务报送进展 / reminded {len(reminded)} tasks")
        for task in reminded:
            self.stdout.write(f"  {task.number} {task.lead_unit.name} {task.next_report_due:%Y-%m-%d}")
