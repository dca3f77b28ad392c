from django.apps import AppConfig


class CitizenConfig(AppConfig):
    name = "tertib.citizen"
    verbose_name = "Standar pelayanan dan survei kepuasan"

    def ready(self) -> None:
        from tertib.cases.documents import RECEIPT_LINKS
        from tertib.citizen.survey import receipt_link

        if receipt_link not in RECEIPT_LINKS:
            RECEIPT_LINKS.append(receipt_link)
