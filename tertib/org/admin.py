from django.contrib import admin

from tertib.org.models import Assignment, Office, Position


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "unit_code"]
    inlines = [PositionInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["position", "user", "kind", "starts_on", "ends_on"]
    list_filter = ["position__office", "kind"]
    autocomplete_fields = ["user"]
