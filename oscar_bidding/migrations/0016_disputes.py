"""Staff decide disputes: a disputed milestone is completed (for the vendor,
or with a partial refund) or refunded in full, a new final status. A payment
records how much of it was refunded (its whole amount once refunded, a part
while it stays paid). Existing payments refunded in full get their amount.
The e-mails of the decision, and of a sub-vendor's paid milestone, are
registered as communication event types."""

from decimal import Decimal

from django.db import migrations, models
from django.db.models import F, Q

from oscar_bidding.compat import check_constraint
from oscar_bidding.migrations._event_types import register


def refunded_amounts(apps, schema_editor):
    payment = apps.get_model("bidding", "MilestonePayment")
    payment.objects.filter(status="refunded").update(amount_refunded=F("amount"))


class Migration(migrations.Migration):
    dependencies = [
        ("bidding", "0014_sub_vendors"),
        ("communication", "__first__"),
    ]

    operations = [
        migrations.AlterField(
            model_name="milestone",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Pending"),
                    ("ready_to_pay", "Ready to pay"),
                    ("paid", "Paid"),
                    ("delivered", "Delivered"),
                    ("revision_requested", "Revision requested"),
                    ("disputed", "Disputed"),
                    ("completed", "Completed"),
                    ("cancelled", "Cancelled"),
                    ("refunded", "Refunded"),
                ],
                default="pending",
                max_length=20,
                verbose_name="Status",
            ),
        ),
        migrations.AddField(
            model_name="milestonepayment",
            name="amount_refunded",
            field=models.DecimalField(
                decimal_places=2,
                default=Decimal("0.00"),
                max_digits=12,
                verbose_name="Amount refunded",
            ),
        ),
        migrations.RunPython(refunded_amounts, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="milestonepayment",
            constraint=check_constraint(
                Q(amount_refunded__gte=0) & Q(amount_refunded__lte=F("amount")),
                name="bidding_refund_within_payment",
            ),
        ),
        register(
            {
                "BIDDING_DISPUTE_RESOLVED": "Bidding: shop staff decided a dispute (to the customer and the vendor)",
                "BIDDING_SUB_VENDOR_MILESTONE_PAID": "Bidding: a milestone given to a sub-vendor was paid (to the sub-vendor)",
            },
            category="User related",
        ),
    ]
