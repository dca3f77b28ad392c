import datetime
from decimal import Decimal

from django.db import migrations


def add_default_rule(apps, schema_editor):
    apps.get_model("iuran", "ContributionRule").objects.get_or_create(
        valid_from=datetime.date(2020, 7, 1),
        defaults={
            "employer_percent": Decimal("4"),
            "employee_percent": Decimal("1"),
            "wage_cap": 12_000_000,
            "wage_floor": None,
            "billed": "pemda",
            "basis": "Perpres 82/2018 jo. Perpres 64/2020 Pasal 30 dan 32; Permendagri 119/2019",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("iuran", "0001_initial")]
    operations = [migrations.RunPython(add_default_rule, migrations.RunPython.noop)]
