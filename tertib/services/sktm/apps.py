from django.apps import AppConfig


class SktmConfig(AppConfig):
    name = "tertib.services.sktm"
    label = "sktm"
    verbose_name = "Legalisasi SKTM"

    def ready(self):
        from tertib.services.sktm.service import service
        from tertib.sop.services import register

        register(service())
