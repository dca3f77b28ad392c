from django.apps import AppConfig


class SopConfig(AppConfig):
    name = "tertib.sop"
    verbose_name = "SOP"

    def ready(self) -> None:
        from tertib.sop import services
        from tertib.sop.studio import StudioAction, shows_menu

        # The studio's menu entry and the labels of its audit actions go through the registry
        # that services use.
        services.register(
            services.Service(
                kode="studio-sop",
                nama="Studio SOP",
                audit_actions=StudioAction,
                menu=[services.MenuEntry("Studio SOP", "sop:studio", shows_menu)],
            )
        )
