from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tertib.reports"
    verbose_name = "Monitoring dan evaluasi SOP"
