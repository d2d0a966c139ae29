"""The supervision demo: a small region around the platform's two demo agencies, the demo
`supervisor` supervising it, and the platform's own reports filed into it (arrival way 1)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from ..cases.models import Agency
from .models import Supervisor, Unit
from .unit_import import import_units

UNITS = """name,level,parent,aliases
示例市人民政府,prefecture,,
示例市人民政府办公室,department,示例市人民政府,市政府办公室
示例市自然资源局,department,示例市人民政府,示例市自然资源和规划局
示例市教育局,department,示例市人民政府,
东城县人民政府,county,示例市人民政府,示例市东城县人民政府
东城县人民政府办公室,department,东城县人民政府,
东城县教育局,department,东城县人民政府,
东城镇人民政府,township,东城县人民政府,
"""
LINKS = {"示例市人民政府办公室": "demo", "示例市自然资源局": "ziranziyuan"}


@transaction.atomic
def load(year: int) -> None:
    import_units("demo-units.csv", UNITS)
    for name, slug in LINKS.items():
        agency = Agency.objects.filter(slug=slug).first()
        if agency is not None:
            Unit.objects.filter(name=name).update(agency=agency)
    user = get_user_model().objects.filter(username="supervisor").first()
    top = Unit.objects.get(name="示例市人民政府")
    if user is not None:
        Supervisor.objects.get_or_create(user=user, unit=top)
    from ..cases.annual_report import build_report
    from .intake import file_report

    for name in LINKS:
        unit = Unit.objects.get(name=name)
        if unit.agency is not None:
            file_report(unit, build_report(unit.agency, year), source="platform")
