from django.contrib import admin

from tertib.sop.models import Sop, SopVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    """SOPs change only by loading their files (manage.py sop_load)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Sop)
class SopAdmin(ReadOnlyAdmin):
    list_display = ["kode", "office_slug", "current_version", "created_at"]


@admin.register(SopVersion)
class SopVersionAdmin(ReadOnlyAdmin):
    list_display = ["sop", "number", "short_hash", "loaded_at"]
    list_filter = ["sop"]
    exclude = ["logo"]
