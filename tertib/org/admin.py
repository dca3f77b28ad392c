"""The admin: superusers see everything; an office's pengelola manage only their own office."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Q

from tertib.org.forms import AdminLoginForm
from tertib.org.models import Assignment, Desa, Office, Position


def managed_offices(user):
    if user.is_superuser:
        return Office.objects.all()
    return Office.objects.filter(admins=user)


class PengelolaPermissions:
    """Superusers, and staff named pengelola of some office, may use this admin page."""

    def _manages(self, request) -> bool:
        user = request.user
        return user.is_active and user.is_staff and managed_offices(user).exists()

    def has_module_permission(self, request):
        return self._manages(request)

    def has_view_permission(self, request, obj=None):
        return self._manages(request)

    def has_add_permission(self, request):
        return self._manages(request)

    def has_change_permission(self, request, obj=None):
        return self._manages(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class OfficeScopedAdmin(PengelolaPermissions, admin.ModelAdmin):
    """Rows reachable through office_path belong to one office; its pengelola manage them."""

    office_path = "office"

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        if request.user.is_superuser:
            return rows
        return rows.filter(**{f"{self.office_path}__admins": request.user})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            if db_field.name == "office" or db_field.name == "kecamatan":
                kwargs["queryset"] = managed_offices(request.user)
            elif db_field.name == "position":
                kwargs["queryset"] = Position.objects.filter(office__admins=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0

    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request, obj=None):
        return True

    def has_change_permission(self, request, obj=None):
        return True


@admin.register(Office)
class OfficeAdmin(OfficeScopedAdmin):
    office_path = "pk"
    list_display = ["name", "slug", "unit_code"]
    filter_horizontal = ["admins"]
    inlines = [PositionInline]

    def get_queryset(self, request):
        rows = admin.ModelAdmin.get_queryset(self, request)
        return rows if request.user.is_superuser else rows.filter(admins=request.user)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        return [] if request.user.is_superuser else ["slug", "admins"]


@admin.register(Position)
class PositionAdmin(OfficeScopedAdmin):
    list_display = ["title", "kode", "office"]
    list_filter = ["office"]


@admin.register(Assignment)
class AssignmentAdmin(OfficeScopedAdmin):
    office_path = "position__office"
    list_display = ["position", "user", "kind", "starts_on", "ends_on"]
    list_filter = ["position__office", "kind"]
    autocomplete_fields = ["user"]


@admin.register(Desa)
class DesaAdmin(OfficeScopedAdmin):
    office_path = "kecamatan"
    list_display = ["name", "code", "kecamatan"]
    list_filter = ["kecamatan"]
    search_fields = ["name", "code"]


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class StaffUserAdmin(PengelolaPermissions, UserAdmin):
    """A pengelola makes accounts for the office's staff but never raises anyone's rights."""

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        if request.user.is_superuser:
            return rows
        ours = Q(assignments__position__office__admins=request.user) | Q(assignments__isnull=True)
        return rows.filter(ours, is_superuser=False).distinct()

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        return ("is_superuser", "is_staff", "groups", "user_permissions", "last_login")


# The admin's login goes through the same throttle as the desk's.
admin.site.login_form = AdminLoginForm
