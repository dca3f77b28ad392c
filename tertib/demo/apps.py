from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data and the engine bench: the one place that names the shipped services."""

    name = "tertib.demo"
    verbose_name = "Demo"
