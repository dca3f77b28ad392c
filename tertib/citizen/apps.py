from django.apps import AppConfig


class CitizenConfig(AppConfig):
    name = "tertib.citizen"
    verbose_name = "Standar pelayanan dan survei kepuasan"

    def ready(self) -> None:
        from tertib.citizen.survey import CitizenAction, receipt_link
        from tertib.sop.services import MenuEntry, Service, register

        register(
            Service(
                kode="warga",
                nama="Standar pelayanan dan survei kepuasan",
                receipt_links=[receipt_link],
                menu=[MenuEntry("Standar pelayanan", "citizen:catalogue", lambda request: True)],
                audit_actions=CitizenAction,
            )
        )
