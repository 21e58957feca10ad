from django.db import migrations

from oscar_bidding.migrations._event_types import register


class Migration(migrations.Migration):
    dependencies = [("bidding", "0003_payments_and_invoices")]

    operations = [
        register(
            {
                "BIDDING_MILESTONE_PAID": "Bidding: a milestone was paid (to the vendor)",
                "BIDDING_MILESTONE_REFUNDED": "Bidding: a milestone payment was refunded",
            },
            category="Order related",
        )
    ]
