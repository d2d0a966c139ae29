"""The demo: two agencies, one user per role, and a year of applications through every path.

``gongkai serve`` loads it into an empty database so a newcomer can log in and click through
every step at once. Everything is invented (names, numbers, companies).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from . import models as m
from .simulate import Actors, simulate

PASSWORD = "gongkai-demo"
# username → (full name, agency slug, roles)
USERS = {
    "registrar": ("登记员 李明", "demo", ("registrar",)),
    "handler": ("承办人 王静", "demo", ("handler",)),
    "head": ("负责人 赵刚", "demo", ("head",)),
    "admin": ("管理员 陈红", "demo", ("admin",)),
    "handler2": ("承办人 周文（自然资源局）", "ziranziyuan", ("handler", "registrar", "head", "admin")),
    "supervisor": ("监督员 孙平", None, ("supervisor",)),
    "siteadmin": ("站点管理员 吴军", None, ()),  # enters the national holiday schedule (/holidays/)
}
SITE_ADMINS = ("siteadmin",)
AGENCIES = {
    "demo": ("示例市人民政府办公室", True),
    "ziranziyuan": ("示例市自然资源局", False),
}


def is_empty() -> bool:
    return not m.Agency.objects.exists()


@transaction.atomic
def load_demo(count: int = 360, seed: int = 2025, on: dt.date | None = None) -> dict[str, str]:
    """Create the demo agencies, users (password :data:`PASSWORD`) and about a year of applications."""
    on = on or m.dates.today()
    User = get_user_model()
    agencies = {slug: m.Agency.objects.create(slug=slug, name=name, requires_close_approval=approval)
                for slug, (name, approval) in AGENCIES.items()}
    users = {}
    for username, (full, slug, roles) in USERS.items():
        name = full.split(" ", 1)[1].split("（")[0]  # "承办人 王静" → "王静"
        u = User.objects.create_user(username, password=PASSWORD, first_name=name,
                                     is_superuser=username in SITE_ADMINS, is_staff=username in SITE_ADMINS)
        users[username] = u
        for agency in ([agencies[slug]] if slug else agencies.values()):
            for role in roles:
                m.Membership.objects.create(user=u, agency=agency, role=role)
    demo = Actors(users["registrar"], users["handler"], users["head"])
    start = max(on - dt.timedelta(days=365), dt.date(on.year - 1, 1, 1))
    simulate(agencies["demo"], start, on, count, demo, seed=seed, horizon=on)
    other = Actors(users["handler2"], users["handler2"], users["handler2"])
    simulate(agencies["ziranziyuan"], start, on, count // 6, other, seed=seed + 1, horizon=on)
    # A few online submissions waiting for staff to confirm receipt.
    for _ in range(3):
        app = m.Application(
            agency=agencies["demo"], applicant_type="natural_person", applicant_name="刘洋", id_type="resident_id",
            id_number="110105199003077777", phone="13800000000", email="liuyang@example.org",
            info_title="本市老旧小区改造项目清单",
            info_description="申请公开本市本年度老旧小区改造项目清单及资金安排。",
            delivery_form="email", channel="online", submitted_on=on, status=m.Status.SUBMITTED,
            number=m.next_number(agencies["demo"], on.year))
        app.save()
        app._log("submit", "申请人", {"channel": "online"}, "", on)
    from gongkai.decisions import demo as decisions_demo  # letters, fees and evidence (issue 5)

    decisions_demo.load(on, users)
    from gongkai.annual import demo as annual_demo  # registers and annual reports (issue 11)

    annual_demo.load(on, users)
    return {u: PASSWORD for u in USERS}
