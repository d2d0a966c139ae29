from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "gongkai.supervision"
    label = "supervision"
    verbose_name = "监督与汇总"
    default_auto_field = "django.db.models.BigAutoField"
