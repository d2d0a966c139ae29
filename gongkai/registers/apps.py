from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "gongkai.registers"
    label = "registers"
    verbose_name = "主动公开登记"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gongkai.cases.models import Event

        from .models import EVENT_ACTIONS

        Event.ACTIONS.update(EVENT_ACTIONS)  # labels for the agency audit trail
