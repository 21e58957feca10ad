from django.db import migrations

from oscar_bidding.migrations._event_types import register


class Migration(migrations.Migration):
    dependencies = [
        ("bidding", "0001_initial"),
        # Its first migration has every field register() writes (code, name,
        # category); the later ones move the table, rows and all, and add an index.
        ("communication", "__first__"),
    ]

    operations = [
        register(
            {
                "BIDDING_PROPOSAL_RECEIVED": "Bidding: a project received a proposal",
                "BIDDING_PROPOSAL_ACCEPTED": "Bidding: a proposal was accepted",
                "BIDDING_PROPOSAL_REJECTED": "Bidding: a proposal was rejected",
                "BIDDING_MILESTONE_READY": "Bidding: a milestone is ready to pay",
            },
            category="User related",
        )
    ]
