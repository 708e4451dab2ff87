"""yiwang backup [--out FILE]: the database and the uploaded files, consistent and encrypted."""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from yiwang.audit.services import record
from yiwang.maintenance import backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one encrypted file."

    def add_arguments(self, parser):
        parser.add_argument("--out", help="the file to write (default: BACKUP_DIR/yiwang-<time>.ywbk)")

    def handle(self, *args, out=None, **options):
        path = Path(out or Path(settings.BACKUP_DIR) / f"yiwang-{timezone.localtime():%Y%m%d-%H%M%S}.ywbk")
        manifest = backup.make(path)
        record("backup.made", target=str(path)[:120], detail={"media": len(manifest["media"]),
                                                               "engine": manifest["engine"]})
        self.stdout.write(self.style.SUCCESS(
            f"备份完成 / backup written: {path} ({path.stat().st_size} 字节/bytes, {len(manifest['media'])} 个文件/files)"))
