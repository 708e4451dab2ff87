from django.core.management import call_command
from django.core.management.base import BaseCommand

from yiwang.demo.management.commands.loaddemo import print_logins
from yiwang.workorders.models import WorkOrder


class Command(BaseCommand):
    help = "Set up the embedded database with demo data and run the product at http://127.0.0.1:8000"

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **opts):
        from django.conf import settings

        # Links in QR codes and text messages point at the demo's own address.
        settings.PUBLIC_BASE_URL = settings.PUBLIC_BASE_URL or f"http://{addrport}"
        settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # static files come from the apps (WhiteNoise)
        call_command("migrate", interactive=False, verbosity=0)
        if not WorkOrder.objects.exists():
            call_command("loaddemo", verbosity=0)
        else:
            print_logins(self.stdout.write)
        self.stdout.write(f"Open http://{addrport}/ (citizens: http://{addrport}/public/)")
        call_command("runserver", addrport, use_reloader=False)
