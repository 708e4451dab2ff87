import os
import subprocess
import sys

import dj_database_url
import pytest


def test_database_url_accepts_sqlite_and_postgres():
    assert dj_database_url.parse("sqlite:////tmp/x.sqlite3")["ENGINE"] == "django.db.backends.sqlite3"
    pg = dj_database_url.parse("postgres://postgres@127.0.0.1:5432/yiwang")
    assert pg["ENGINE"] == "django.db.backends.postgresql" and pg["NAME"] == "yiwang"


def test_check_deploy_passes_with_production_settings(tmp_path):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="yiwang.settings", DEBUG="0", SECRET_KEY="k" * 20 + "-production-secret-with-enough-entropy-9f3a7c",
               ALLOWED_HOSTS="yiwang.example.gov.cn", PUBLIC_BASE_URL="https://yiwang.example.gov.cn",
               DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
               YIWANG_DATA_KEYS="q0hD7s3cmkcGQ0yb5Vk2i1V2tJ1iYyb1y3y2qVvRk1Y=", YIWANG_INDEX_KEY="index-key-from-escrow",
               AUDIT_KEY="audit-chain-key-from-escrow-7c1e", YIWANG_BACKUP_KEY="backup-key-from-escrow-31aa",
               YIWANG_HOME=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "yiwang", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # The keys of personal numbers kept beside the data are a warning that fails the deployment.
    del env["YIWANG_DATA_KEYS"]
    beside = subprocess.run([sys.executable, "-m", "yiwang", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True)
    assert beside.returncode != 0 and "yiwang.W003" in beside.stderr


@pytest.mark.parametrize("change, check", [
    ({"AUDIT_KEY": None}, "yiwang.E005"),
    ({"AUDIT_KEY": "same-as-the-secret-key-" + "k" * 30, "SECRET_KEY": "same-as-the-secret-key-" + "k" * 30},
     "yiwang.E005"),
    ({"YIWANG_BACKUP_KEY": None}, "yiwang.W004"),
    ({"SECRET_KEY": "insecure-development-key-only-for-debug-and-tests"}, "yiwang.E003"),
    ({"YIWANG_KEY_SOURCE": "demo"}, "yiwang.E004"),
])
def test_check_deploy_refuses_keys_derived_from_others_or_published(tmp_path, change, check):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="yiwang.settings", DEBUG="0",
               SECRET_KEY="k" * 20 + "-production-secret-with-enough-entropy-9f3a7c",
               ALLOWED_HOSTS="yiwang.example.gov.cn", PUBLIC_BASE_URL="https://yiwang.example.gov.cn",
               DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", YIWANG_HOME=str(tmp_path),
               YIWANG_DATA_KEYS="q0hD7s3cmkcGQ0yb5Vk2i1V2tJ1iYyb1y3y2qVvRk1Y=", YIWANG_INDEX_KEY="index-key-from-escrow",
               AUDIT_KEY="audit-chain-key-from-escrow-7c1e", YIWANG_BACKUP_KEY="backup-key-from-escrow-31aa")
    for name, value in change.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    result = subprocess.run([sys.executable, "-m", "yiwang", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True)
    assert result.returncode != 0 and check in result.stderr


def test_check_deploy_fails_with_the_development_key(tmp_path):
    # YIWANG_HOME of its own: a demo run before in this folder (var/demo-secret-key) changes nothing.
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="yiwang.settings", DEBUG="0", ALLOWED_HOSTS="x",
               DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", YIWANG_HOME=str(tmp_path))
    env.pop("SECRET_KEY", None)
    result = subprocess.run([sys.executable, "-m", "yiwang", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "SECRET_KEY is not set" in result.stderr
    served = subprocess.run([sys.executable, "-m", "yiwang", "runserver", "--noreload", "127.0.0.1:0"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert served.returncode != 0 and "SECRET_KEY is not set" in served.stderr  # it refuses to start


def test_admin_edits_a_users_unit_on_the_account_page(org, client):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", password="pw-for-tests-1")
    client.force_login(admin)
    html = client.get(f"/admin/auth/user/{org.staff.pk}/change/").content.decode()
    assert 'name="staff-0-unit"' in html
