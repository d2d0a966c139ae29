"""Suite-wide fixtures."""

import pytest


def _transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool({"transactional_db", "live_server"} & set(request.fixturenames)
                or (marker and marker.kwargs.get("transaction")))


@pytest.fixture(autouse=True)
def _fresh_rate_counters(request, django_db_blocker):
    """Rate limits and login throttling count in the database cache (table ``gongkai_cache``), which the
    flush after a transactional test does not empty: empty it, so no test inherits another's counts."""
    yield
    if _transactional(request):
        from django.core.cache import cache

        with django_db_blocker.unblock():
            cache.clear()
