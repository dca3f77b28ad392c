from django.apps import AppConfig


class IuranConfig(AppConfig):
    name = "tertib.services.iuran"
    label = "iuran"
    verbose_name = "Iuran Jaminan Kesehatan Kepala Desa dan Perangkat Desa"

    def ready(self):
        from tertib.services.iuran.service import service
        from tertib.sop.services import register

        register(service())
