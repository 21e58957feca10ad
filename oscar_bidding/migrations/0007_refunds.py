"""A refund records who made it, why, and the gateway's reference; a refunded
payment always has its date."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from oscar_bidding.compat import check_constraint


class Migration(migrations.Migration):
    dependencies = [
        ("bidding", "0006_proposal_recent_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="milestonepayment",
            name="refund_reason",
            field=models.TextField(blank=True, verbose_name="Reason for the refund"),
        ),
        migrations.AddField(
            model_name="milestonepayment",
            name="refund_reference",
            field=models.CharField(
                blank=True, max_length=128, verbose_name="Refund reference"
            ),
        ),
        migrations.AddField(
            model_name="milestonepayment",
            name="refunded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="Refunded by",
            ),
        ),
        migrations.AddConstraint(
            model_name="milestonepayment",
            constraint=check_constraint(
                models.Q(
                    ("status", "paid"),
                    ("date_refunded__isnull", False),
                    _connector="OR",
                ),
                name="bidding_refund_has_date",
            ),
        ),
    ]
