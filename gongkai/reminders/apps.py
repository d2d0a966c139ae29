from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "gongkai.reminders"
    label = "reminders"
    verbose_name = "办理提醒"
    default_auto_field = "django.db.models.BigAutoField"
