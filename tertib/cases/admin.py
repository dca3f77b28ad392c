from django.contrib import admin

from tertib.cases.models import Register
from tertib.org.admin import OfficeScopedAdmin


@admin.register(Register)
class RegisterAdmin(OfficeScopedAdmin):
    list_display = ["name", "kode", "office", "number_format"]
    list_filter = ["office"]
