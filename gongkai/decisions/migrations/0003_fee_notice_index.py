"""An index for the year's fee totals: (agency, fee_notice_on) bounds the scan to fee notices."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0002_applicant_index"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS decisions_app_fee_notice ON cases_application (agency_id, fee_notice_on)",
            "DROP INDEX IF EXISTS decisions_app_fee_notice",
        ),
    ]
