from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "gongkai.letters"
    label = "letters"
    verbose_name = "答复文书"
    default_auto_field = "django.db.models.BigAutoField"
