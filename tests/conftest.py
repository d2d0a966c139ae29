"""Settings for the whole suite: Hypothesis profiles.

``ci`` (loaded when ``CI=true``, as ``.ci/run`` sets it): derandomized — the same examples on every
run, so a red CI is a real failure, never a chance draw — with a fixed ``max_examples`` for tests that
do not set their own, and a reproduction blob printed with any failure. ``dev`` (the default
elsewhere) draws afresh each run, to keep finding new cases; ``HYPOTHESIS_PROFILE=ci`` gives the CI's
examples locally. The profile is loaded here, before any test module builds its ``settings``.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", derandomize=True, print_blob=True, max_examples=100, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", print_blob=True, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE")
                      or ("ci" if os.environ.get("CI", "").lower() in ("1", "true", "yes") else "dev"))
