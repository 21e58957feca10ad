"""Shared by the migrations that register e-mails as communication event types,
so that a shop can edit their text in Oscar's dashboard (Content > Email templates).
The leading underscore keeps Django's migration loader away from this module."""

from django.db import migrations


def register(event_types, category):
    """An operation creating ``event_types`` (code -> name).

    Unapplying leaves them: the shop may have edited their texts, and the
    migrations depend only on communication's first migration, whose
    historical table name a fully migrated database no longer has.
    """

    def create(apps, schema_editor):
        model = apps.get_model("communication", "CommunicationEventType")
        for code, name in event_types.items():
            model.objects.get_or_create(
                code=code, defaults={"name": name, "category": category}
            )

    return migrations.RunPython(create, migrations.RunPython.noop)
