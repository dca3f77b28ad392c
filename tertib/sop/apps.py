from django.apps import AppConfig


class SopConfig(AppConfig):
    name = "tertib.sop"
    verbose_name = "SOP"
