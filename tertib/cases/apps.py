from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "tertib.cases"
    verbose_name = "Perkara layanan"
