"""Seed a fresh database for the parallel-request tests (run in its own process with the server's environment).

Prints one JSON line: the application ids per scenario. Dates are fixed in March 2026 (a known
calendar), so nothing here depends on the day the test runs.
"""

from __future__ import annotations

import datetime as dt
import json
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.site.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

from gongkai.cases import models as m  # noqa: E402

PASSWORD = "parallel-pw-12345"


def main() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    agency = m.Agency.objects.create(slug="par", name="并发测试市人民政府办公室")
    other = m.Agency.objects.create(slug="par2", name="并发测试市生态环境局", requires_close_approval=True)
    User = get_user_model()
    for name, roles in (("h1", ("handler",)), ("h2", ("handler",)), ("reg", ("registrar",)),
                        ("boss", ("handler", "head"))):
        u = User.objects.create_user(name, password=PASSWORD, first_name=name)
        for role in roles:
            m.Membership.objects.create(user=u, agency=agency, role=role)
            m.Membership.objects.create(user=u, agency=other, role=role)
    reg = User.objects.get(username="reg")
    received = dt.date(2026, 3, 2)
    ids: dict[str, list[int]] = {}
    for key, ag, n in (("close_close_api", agency, 1), ("close_close_page", agency, 1), ("corr_close", agency, 1),
                       ("approval", other, 1), ("letters", agency, 1)):
        ids[key] = []
        for _ in range(n):
            app = m.Application(agency=ag, applicant_type="natural_person", applicant_name="并发", id_type="other",
                                id_number="X1", phone="1", info_description="并发测试", channel="in_person",
                                submitted_on=received, status=m.Status.SUBMITTED)
            app.register(reg, received)
            ids[key].append(app.pk)
    print(json.dumps(ids))


if __name__ == "__main__":
    main()
