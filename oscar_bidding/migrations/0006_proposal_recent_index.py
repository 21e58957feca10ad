"""Manage Proposals for staff lists the newest proposals first: without this
index PostgreSQL reads every proposal to find a page of them."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("bidding", "0005_incidents_and_outbox"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(
                fields=["-date_created", "-id"], name="bidding_proposal_recent"
            ),
        ),
    ]
