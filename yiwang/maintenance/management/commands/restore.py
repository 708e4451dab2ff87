"""yiwang restore FILE [--replace]: put a backup back (stop the app servers first)."""
from django.core.management.base import BaseCommand, CommandError

from yiwang.audit.services import record
from yiwang.maintenance import backup, streaming


class Command(BaseCommand):
    help = "Restore a backup made by `yiwang backup` into this database and media folder."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--replace", action="store_true", help="replace a database that holds data already")

    def handle(self, *args, file, replace, **options):
        try:
            manifest = backup.restore(file, replace=replace)
        except (backup.RestoreRefused, streaming.BadBackup) as exc:
            raise CommandError(str(exc)) from exc
        record("backup.restored", target=file[-120:], detail={"made": manifest["created_at"]})
        self.stdout.write(self.style.SUCCESS(
            f"已恢复 {manifest['created_at']} 的备份 / restored the backup of {manifest['created_at']}; "
            f"运行 yiwang migrate 以补齐更新的迁移 / run `yiwang migrate` for any newer migrations."))
