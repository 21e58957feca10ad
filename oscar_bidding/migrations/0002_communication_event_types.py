"""Register the e-mails as communication event types, so that a shop can edit
their text in Oscar's dashboard (Content > Email templates)."""

from django.db import migrations

EVENT_TYPES = {
    "BIDDING_PROPOSAL_RECEIVED": "Bidding: a project received a proposal",
    "BIDDING_PROPOSAL_ACCEPTED": "Bidding: a proposal was accepted",
    "BIDDING_PROPOSAL_REJECTED": "Bidding: a proposal was rejected",
    "BIDDING_MILESTONE_READY": "Bidding: a milestone is ready to pay",
}


def create_event_types(apps, schema_editor):
    CommunicationEventType = apps.get_model("communication", "CommunicationEventType")
    for code, name in EVENT_TYPES.items():
        CommunicationEventType.objects.get_or_create(
            code=code, defaults={"name": name, "category": "User related"}
        )


def delete_event_types(apps, schema_editor):
    CommunicationEventType = apps.get_model("communication", "CommunicationEventType")
    CommunicationEventType.objects.filter(code__in=EVENT_TYPES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("bidding", "0001_initial"),
        ("communication", "0004_auto_20200801_0817"),
    ]

    operations = [migrations.RunPython(create_event_types, delete_event_types)]
