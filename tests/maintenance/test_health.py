"""/health/ for load balancers and monitors: the database, cache and storage on every server,
the Celery workers when a broker is set; a failing check turns the answer to 500 by name."""
import pytest


def test_a_healthy_server_answers_200_for_each_check_in_every_format(db, client):
    answer = client.get("/health/", {"format": "json"})
    assert answer.status_code == 200 and "no-store" in answer["Cache-Control"]
    assert answer.json() == {"Database(alias='default')": "OK", "Cache(alias='default')": "OK",
                             "Storage(alias='default')": "OK"}
    metrics = client.get("/health/", {"format": "openmetrics"}).content.decode()
    assert "django_health_check_overall_status 1" in metrics


def test_a_failing_check_names_itself_and_answers_500(db, client, settings, monkeypatch):
    from health_check.checks import Database

    def broken(self):
        from health_check.exceptions import ServiceUnavailable

        raise ServiceUnavailable("unreachable")

    monkeypatch.setattr(Database, "run", broken)
    answer = client.get("/health/", {"format": "text"})
    assert answer.status_code == 500 and "unreachable" in answer.content.decode()


@pytest.mark.parametrize("broker, checked", [("", False), ("amqp://guest@127.0.0.1//", True)])
def test_workers_are_asked_only_when_there_is_a_broker(settings, broker, checked):
    from yiwang.health import Health

    settings.CELERY_BROKER_URL = broker
    names = [c if isinstance(c, str) else c[0] for c in Health().checks]
    assert ("health_check.contrib.celery.Ping" in names) == checked
