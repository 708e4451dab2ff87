from django.core.management.base import BaseCommand, CommandError

from yiwang.demo import data, loader


def print_logins(write):
    write("Demo log-ins (password for all: %s):" % data.PASSWORD)
    for username, display, _roles, _unit in data.USERS:
        write(f"  {username:<12} {display}")


class Command(BaseCommand):
    help = "Load the fictional district 云溪区 with users, categories and work orders."

    def handle(self, *args, **opts):
        try:
            loader.load(out=self.stdout.write)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        print_logins(self.stdout.write)
