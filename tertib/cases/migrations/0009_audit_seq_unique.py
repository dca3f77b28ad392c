# Apart from 0008: PostgreSQL cannot build an index on a table with rows that 0008's data
# migration changed in the same transaction ("pending trigger events").

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0008_audit_chain_per_case"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='auditevent',
            constraint=models.UniqueConstraint(condition=models.Q(('case__isnull', False)), fields=('case', 'seq'), name='audit_case_seq'),
        ),
        migrations.AddConstraint(
            model_name='auditevent',
            constraint=models.UniqueConstraint(condition=models.Q(('case__isnull', True)), fields=('scope', 'seq'), name='audit_scope_seq'),
        ),
    ]
