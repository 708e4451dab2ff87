"""The `yiwang` console command: Django's management commands under the product's name.

`yiwang serve` runs the development server; every other word is a management command
(`yiwang migrate`, `yiwang loaddemo`, `yiwang workdays add 2026-09-18 1`, ...).

`yiwang demo` runs the product as a district would try it: DEBUG off (the product's own
Chinese error pages, never Django's technical ones), plain http on the local machine, and a
secret key made once and kept in YIWANG_HOME, so nobody runs on a published key.
"""
import os
import secrets
import sys
from pathlib import Path


def _demo_key_path():
    return Path(os.environ.get("YIWANG_HOME", Path.cwd() / "var")) / "demo-secret-key"


def _demo_secret_key():
    path = _demo_key_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def prepare(command, environ=os.environ):
    """The environment `serve` (the developer's server) and `demo` run in; what the operator
    set stays."""
    if command == "serve":
        environ.setdefault("DEBUG", "1")
    elif command == "demo":
        environ.setdefault("DEBUG", "0")
        environ.setdefault("HTTPS", "0")
        # The demo's accounts log in with their password alone; a district sets this on.
        environ.setdefault("TWO_FACTOR_REQUIRED", "0")
        environ.setdefault("TEXTS_ON_PAGE", "1")  # no SMS gateway: the page shows the message
        environ.setdefault("AUDIT_LOG_HEADS", "0")  # its console is for the log-ins it prints
        if not environ.get("SECRET_KEY"):
            environ["SECRET_KEY"] = _demo_secret_key()
            environ["YIWANG_KEY_SOURCE"] = "demo"
    elif not environ.get("SECRET_KEY") and _demo_key_path().exists():
        # The commands of the embedded install the demo made (`yiwang workdays add ...` beside
        # it) sign with the demo's key; a production install sets SECRET_KEY and never has one,
        # and `check --deploy` refuses the demo's (YIWANG_KEY_SOURCE says where it came from).
        environ["SECRET_KEY"] = _demo_key_path().read_text().strip()
        environ["YIWANG_KEY_SOURCE"] = "demo"


def main(argv=None):
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiwang.settings")
    command = argv[1] if len(argv) > 1 else ""
    prepare(command)
    if command == "serve":
        argv[1:2] = ["runserver"]
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    from django.conf import settings

    try:  # Django would swallow this and fail later, less clearly
        settings.INSTALLED_APPS  # noqa: B018
        execute_from_command_line(["yiwang", *argv[1:]])
    except ImproperlyConfigured as exc:  # a setting missing: say which, without a traceback
        sys.stderr.write(f"yiwang: {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
