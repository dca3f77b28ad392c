"""The admin: superusers see everything; an office's pengelola manage only their own office.

Every change made here is also written to the audit trail (an event without a case).
"""

from django.contrib import admin
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tertib.cases.audit import record_event
from tertib.org.forms import AdminLoginForm, NewUserForm, UserForm
from tertib.org.models import Assignment, Desa, Office, Position


def managed_offices(user):
    if user.is_superuser:
        return Office.objects.all()
    return Office.objects.filter(admins=user)


def managed_users(user):
    """The accounts a pengelola may see and change: people who hold or held a position in an
    office they manage and in no other office, or accounts they made that hold none yet.
    Superusers, accounts with groups or permissions, and pengelola of other offices are the
    superuser's."""
    users = get_user_model().objects.all()
    if user.is_superuser:
        return users
    offices = managed_offices(user)
    elsewhere = Assignment.objects.exclude(position__office__in=offices).values("user")
    return (
        users.filter(Q(assignments__position__office__in=offices) | Q(pk__in=_made_by(user)))
        .exclude(pk__in=elsewhere)
        .exclude(is_superuser=True)
        .exclude(groups__isnull=False)
        .exclude(user_permissions__isnull=False)
        .exclude(managed_offices__in=Office.objects.exclude(pk__in=offices))
        .distinct()
    )


def _made_by(user) -> list[int]:
    """Accounts the pengelola added in the admin that hold no position yet."""
    made = LogEntry.objects.filter(
        user=user,
        action_flag=ADDITION,
        content_type=ContentType.objects.get_for_model(get_user_model()),
    ).values_list("object_id", flat=True)
    ids = [int(pk) for pk in made if pk.isdigit()]
    return list(
        get_user_model()
        .objects.filter(pk__in=ids, assignments__isnull=True)
        .values_list("pk", flat=True)
    )


class AuditedAdmin:
    """Writes each admin addition, change and deletion to the audit trail as well."""

    def log_addition(self, request, obj, message):
        _audit(request, "admin_tambah", obj, message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        _audit(request, "admin_ubah", obj, message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            _audit(request, "admin_hapus", obj, "")
        return super().log_deletions(request, queryset)


def _audit(request, action: str, obj, message) -> None:
    with transaction.atomic():
        record_event(
            case=None,
            actor=request.user,
            action=action,
            at=timezone.now(),
            payload={
                "model": obj._meta.label_lower,
                "id": obj.pk,
                "objek": str(obj)[:200],
                "perubahan": message,
            },
        )


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


class OfficeScopedAdmin(AuditedAdmin, PengelolaPermissions, admin.ModelAdmin):
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
            elif db_field.name == "user":
                kwargs["queryset"] = managed_users(request.user)
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
class StaffUserAdmin(AuditedAdmin, PengelolaPermissions, UserAdmin):
    """A pengelola makes accounts for the office's staff but never raises anyone's rights and
    never reaches an account of another office (see managed_users)."""

    add_form = NewUserForm
    form = UserForm

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        if request.user.is_superuser:
            return rows
        return rows.filter(pk__in=managed_users(request.user).values("pk"))

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        return ("is_superuser", "is_staff", "groups", "user_permissions", "last_login")

    def user_change_password(self, request, id, form_url=""):
        with transaction.atomic():  # the new password and its audit event together
            return super().user_change_password(request, id, form_url)


# The admin's login goes through the same throttle as the desk's.
admin.site.login_form = AdminLoginForm
