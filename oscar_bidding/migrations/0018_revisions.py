"""Revisions: every submission of a proposal is kept, immutable, as a
``ProposalVersion`` (numbered 1, 2, …), with who submitted it; a customer may
request changes (a new proposal status); an accepted proposal records the
revision accepted.

Data: each proposal submitted before this migration gets its current state as
revision N = its current version (the rows already stored, the versions its
changes replaced, keep their numbers and read as revisions 1..N-1); an
accepted or completed one records N as its accepted revision. The e-mails of
the two new events are registered as communication event types.
"""

from decimal import ROUND_HALF_UP, Decimal

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from oscar_bidding.migrations._event_types import register


def _money(value, currency):
    from oscar_bidding import money

    return str(
        Decimal(value).quantize(
            Decimal(1).scaleb(-money.decimals(currency)), ROUND_HALF_UP
        )
    )


def summary(proposal):
    """``ProposalVersions.summary`` as of this migration, on historical models."""
    milestones = proposal.milestones.order_by("number").prefetch_related("items")
    currency = proposal.currency
    return {
        "amount_incl_tax": _money(proposal.amount_incl_tax, currency),
        "delivery_days": proposal.delivery_days,
        "cover_letter": proposal.cover_letter,
        "milestones": [
            {
                "title": milestone.title,
                "due_date": milestone.due_date and milestone.due_date.isoformat(),
                "amount_incl_tax": _money(milestone.amount_incl_tax, currency),
                "items": [
                    [
                        item.description,
                        item.quantity,
                        _money(item.unit_price, currency),
                        str(item.tax_rate.normalize()),
                    ]
                    for item in milestone.items.order_by("position", "pk")
                ],
            }
            for milestone in milestones
        ],
    }


def record_current_revisions(apps, schema_editor):
    # PostgreSQL: check the new rows' foreign keys now, not at the commit, so
    # that the index this migration creates at its end finds no pending events.
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    try:
        _record_current_revisions(apps)
    finally:
        if postgresql:
            schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


def _record_current_revisions(apps):
    Proposal = apps.get_model("bidding", "Proposal")
    ProposalVersion = apps.get_model("bidding", "ProposalVersion")
    submitted = Proposal.objects.exclude(status__in=["draft", "declined"]).exclude(
        date_submitted=None
    )
    for proposal in submitted.iterator():
        if not ProposalVersion.objects.filter(
            proposal=proposal, number=proposal.version
        ).exists():
            ProposalVersion.objects.create(
                proposal=proposal,
                number=proposal.version,
                summary=summary(proposal),
                submitted_by_id=proposal.author_id,
            )
    submitted.filter(status__in=["accepted", "completed", "cancelled"]).update(
        accepted_revision=models.F("version")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("bidding", "0020_project_types"),
        ("communication", "__first__"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="proposalversion",
            options={
                "ordering": ["proposal", "number"],
                "verbose_name": "Proposal revision",
                "verbose_name_plural": "Proposal revisions",
            },
        ),
        migrations.AddField(
            model_name="proposal",
            name="accepted_revision",
            field=models.PositiveIntegerField(
                blank=True, editable=False, null=True, verbose_name="Accepted revision"
            ),
        ),
        migrations.AddField(
            model_name="proposalversion",
            name="submitted_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="Submitted by",
            ),
        ),
        migrations.AlterField(
            model_name="proposal",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("submitted", "Submitted"),
                    ("accepted", "Accepted"),
                    ("rejected", "Rejected"),
                    ("withdrawn", "Withdrawn"),
                    ("declined", "Declined to bid"),
                    ("completed", "Completed"),
                    ("cancelled", "Cancelled"),
                    ("changes_requested", "Changes requested"),
                ],
                default="draft",
                max_length=20,
                verbose_name="Status",
            ),
        ),
        migrations.AlterField(
            model_name="proposalversion",
            name="date_created",
            field=models.DateTimeField(
                auto_now_add=True, verbose_name="Date submitted"
            ),
        ),
        migrations.AlterField(
            model_name="proposalversion",
            name="number",
            field=models.PositiveIntegerField(verbose_name="Revision"),
        ),
        migrations.RunPython(record_current_revisions, migrations.RunPython.noop),
        register(
            {
                "BIDDING_PROPOSAL_CHANGES_REQUESTED": "Bidding: the customer requested changes to a proposal (to the vendor)",
                "BIDDING_PROPOSAL_RESUBMITTED": "Bidding: a proposal was submitted again after changes were requested (to the customer)",
            },
            category="User related",
        ),
    ]
