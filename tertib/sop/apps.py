from django.apps import AppConfig


class SopConfig(AppConfig):
    name = "tertib.sop"
    verbose_name = "SOP"

    def ready(self) -> None:
        from tertib.sop import services
        from tertib.sop.studio import StudioAction

        # The labels of the studio's audit actions go through the registry services use. (No
        # menu entry: deciding who sees it would cost every page a few queries; the catalogue
        # links to the studio.)
        services.register(
            services.Service(kode="studio-sop", nama="Studio SOP", audit_actions=StudioAction)
        )
