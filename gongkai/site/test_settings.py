"""Settings for the test suite: the real settings with DEBUG asked for (no SECRET_KEY needed).

pytest-django forces ``DEBUG = False`` while tests run, so pages and error pages behave as in
production; tests of the production settings themselves start a process with their own
environment and ``gongkai.site.settings`` (tests/site/).
"""

import os

os.environ.setdefault("DEBUG", "1")

from .settings import *  # noqa: E402, F403
