from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "gongkai.supervision"
    label = "supervision"
    verbose_name = "监督与汇总"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.apps import apps
        from django.db.models.signals import post_save

        if apps.is_installed("gongkai.annual"):
            from .platform_filing import on_annual_report_saved

            post_save.connect(on_annual_report_saved, sender="annual.AnnualReport",
                              dispatch_uid="supervision-file-published")
