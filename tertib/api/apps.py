from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tertib.api"
    verbose_name = "API"

    def ready(self):
        from tertib.api.tokens import ApiAction
        from tertib.sop.services import Service, register

        register(Service(kode="api", nama="API", audit_actions=ApiAction))
