from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "tertib.cases"
    verbose_name = "Permohonan layanan"

    def ready(self):
        # The core's own vocabulary goes through the same registry as the services'.
        from tertib.cases.fields import CORE_FIELDS
        from tertib.cases.models import AuditAction
        from tertib.sop.services import Service, register

        register(Service(kode="inti", nama="Inti", fields=CORE_FIELDS, audit_actions=AuditAction))
