from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "tertib.org"
    verbose_name = "Organisasi"
