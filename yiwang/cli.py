"""The `yiwang` console command: Django's management commands under the product's name.

`yiwang serve` runs the development server; every other word is a management command
(`yiwang migrate`, `yiwang loaddemo`, `yiwang workdays add 2026-09-18 1`, ...).
"""
import os
import sys


def main(argv=None):
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiwang.settings")
    if len(argv) > 1 and argv[1] in {"serve", "demo"}:
        # The local server is for trying the product on plain http.
        os.environ.setdefault("DEBUG", "1")
        if argv[1] == "serve":
            argv[1:2] = ["runserver"]
    from django.core.management import execute_from_command_line

    execute_from_command_line(["yiwang", *argv[1:]])


if __name__ == "__main__":
    main()
