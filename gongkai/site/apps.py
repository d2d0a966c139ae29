from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_table(using="default", **kwargs):
    """``migrate`` also makes the database cache's table (rate limits, login throttling)."""
    from django.conf import settings
    from django.core.management import call_command

    if any(c["BACKEND"].endswith("DatabaseCache") for c in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)


class SiteConfig(AppConfig):
    """The project itself: login with throttling, error pages in Chinese, the shared cache's table."""

    name = "gongkai.site"
    label = "gongkai_site"
    verbose_name = "站点"

    def ready(self):
        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="gongkai_site_cache_table")
