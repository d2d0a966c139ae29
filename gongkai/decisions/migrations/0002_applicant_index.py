"""An index for "the applicant's other applications" (same identity number or organisation code).

The evidence panel looks applications up by (agency, id_number); without an index that is a
scan of every application (about 230 ms at 100,000). The table is the platform's, so the index
is created here with plain SQL (valid on SQLite and PostgreSQL) and leaves its models alone.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0001_initial"),
        ("cases", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS decisions_app_applicant ON cases_application (agency_id, id_number)",
            "DROP INDEX IF EXISTS decisions_app_applicant",
        ),
    ]
