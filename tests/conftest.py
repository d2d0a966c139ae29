"""Suite-wide settings and fixtures.

Hypothesis profiles. ``ci`` (loaded when ``CI=true``, as ``.ci/run`` sets it): derandomized — the
same examples on every run, so a red CI is a real failure, never a chance draw — with a fixed
``max_examples`` for tests that do not set their own, and a reproduction blob printed with any
failure. ``dev`` (the default elsewhere) draws afresh each run, to keep finding new cases;
``HYPOTHESIS_PROFILE=ci`` gives the CI's examples locally. The profile is loaded here, before any
test module builds its ``settings``.
"""

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", derandomize=True, print_blob=True, max_examples=100, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", print_blob=True, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE")
                      or ("ci" if os.environ.get("CI", "").lower() in ("1", "true", "yes") else "dev"))


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
