"""Automatic approval of deliveries the customer does not answer: the time of
the reminder on the milestone, and the reminder e-mail as a communication event
type. The clock is the milestone's ``date_delivered`` (0013), which every
delivered milestone has, so existing rows need no data: a milestone delivered
before this migration gets its reminder and approval from the next run."""

from django.db import migrations, models

from oscar_bidding.migrations._event_types import register


class Migration(migrations.Migration):
    dependencies = [
        ("bidding", "0019_terms"),
        ("communication", "__first__"),
    ]

    operations = [
        migrations.AddField(
            model_name="milestone",
            name="date_auto_approve_reminded",
            field=models.DateTimeField(
                blank=True,
                null=True,
                verbose_name="Date reminded of the automatic approval",
            ),
        ),
        register(
            {
                "BIDDING_MILESTONE_AUTO_APPROVE_REMINDER": "Bidding: a delivered milestone will be approved automatically (to the customer)",
            },
            category="User related",
        ),
    ]
