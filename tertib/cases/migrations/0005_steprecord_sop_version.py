import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_versions(apps, schema_editor):
    """Each step record gets its case's SOP version."""
    Case = apps.get_model("cases", "Case")
    StepRecord = apps.get_model("cases", "StepRecord")
    version = Case.objects.filter(pk=OuterRef("case_id")).values("sop_version_id")[:1]
    StepRecord.objects.update(sop_version_id=Subquery(version))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_steprecord_due_at"),
        ("sop", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="steprecord",
            name="sop_version",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="sop.sopversion",
            ),
        ),
        migrations.RunPython(copy_versions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="steprecord",
            name="sop_version",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="sop.sopversion",
            ),
        ),
    ]
