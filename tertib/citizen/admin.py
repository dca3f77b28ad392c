"""Office admins keep their office's service-standard settings; a service's cost is set here."""

from django.contrib import admin

from tertib.citizen.models import OfficeStandard, ServiceStandard
from tertib.org.admin import OfficeScopedAdmin, PengelolaPermissions, managed_offices
from tertib.sop.models import Sop


@admin.register(OfficeStandard)
class OfficeStandardAdmin(OfficeScopedAdmin):
    list_display = ["office"]


@admin.register(ServiceStandard)
class ServiceStandardAdmin(PengelolaPermissions, admin.ModelAdmin):
    list_display = ["sop", "gratis", "biaya"]

    def _slugs(self, request):
        return managed_offices(request.user).values("slug")

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        if request.user.is_superuser:
            return rows
        return rows.filter(sop__office_slug__in=self._slugs(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "sop" and not request.user.is_superuser:
            kwargs["queryset"] = Sop.objects.filter(office_slug__in=self._slugs(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
