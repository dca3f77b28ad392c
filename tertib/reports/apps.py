from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tertib.reports"
    verbose_name = "Monitoring dan evaluasi SOP"

    def ready(self):
        from tertib.reports.models import ReportAction
        from tertib.sop.services import Service, register

        register(Service(kode="laporan", nama="Laporan", audit_actions=ReportAction))
