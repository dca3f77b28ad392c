from django.apps import AppConfig


class SopConfig(AppConfig):
    name = "tertib.sop"
    verbose_name = "SOP"

    def ready(self) -> None:
        from tertib.sop import services
        from tertib.sop.studio import StudioAction

        # The studio's audit actions get their Indonesian labels through the same registry.
        services.register(
            services.Service(kode="studio-sop", nama="Studio SOP", audit_actions=StudioAction)
        )
