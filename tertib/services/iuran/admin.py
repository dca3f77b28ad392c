"""What the Dinas edits itself: contribution rules, cuti bersama, the December close, pay."""

from django.contrib import admin

from tertib.services.iuran.models import (
    ContributionRule,
    CutiBersama,
    Official,
    PayChange,
    YearEndClose,
)


@admin.register(ContributionRule)
class ContributionRuleAdmin(admin.ModelAdmin):
    list_display = [
        "valid_from",
        "employer_percent",
        "employee_percent",
        "wage_cap",
        "wage_floor",
        "billed",
        "part_month",
        "rounding_tolerance",
    ]


@admin.register(CutiBersama)
class CutiBersamaAdmin(admin.ModelAdmin):
    list_display = ["day", "name"]
    date_hierarchy = "day"


@admin.register(YearEndClose)
class YearEndCloseAdmin(admin.ModelAdmin):
    list_display = ["year", "last_sp2d_on", "basis"]


class PayChangeInline(admin.TabularInline):
    model = PayChange
    extra = 1


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    """Names and NIKs are personal data: searchable by staff, listed without the NIK."""

    list_display = ["name", "jabatan", "desa", "siltap", "starts_on", "ends_on"]
    list_filter = ["desa__kecamatan"]
    search_fields = ["name", "desa__name"]
    list_select_related = ["desa"]
    raw_id_fields = ["desa", "verified_by"]
    inlines = [PayChangeInline]
