import pytest


@pytest.fixture
def browser_cookies_without_dates(settings):
    # The browser's clock is real while the server's is pinned: cookies must not carry dates.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_USE_SESSIONS = True


@pytest.fixture
def server(transactional_db):
    """A live server that stops with its test, before the test database is dropped
    (pytest-django's own live_server lives for the whole session)."""
    from pytest_django.live_server_helper import LiveServer

    live = LiveServer("localhost")
    yield live
    live.stop()
