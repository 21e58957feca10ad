"""Migration 0013 adds delivery and approval. Milestones keep their status: a
paid one waits for the vendor to deliver it, a completed one stays completed;
the e-mails of the new events are registered."""

import pytest
from oscar.core.loading import get_class, get_model

from tests import factories
from tests.checkout import pay_milestone
from tests.migrations import migrate, migrate_to_latest

Milestone = get_model("bidding", "Milestone")
CommunicationEventType = get_model("communication", "CommunicationEventType")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")

BEFORE = [("bidding", "0012_lifecycle")]
AFTER = [("bidding", "0013_delivery")]


@pytest.mark.django_db(transaction=True)
def test_existing_milestones_keep_their_status_and_paid_ones_can_be_delivered(
    latest_migrations_after, customer, vendor
):
    proposal = factories.ProposalService().accept(
        factories.make_proposal(factories.make_project(customer), vendor)
    )
    first, second = proposal.milestones.order_by("number")
    pay_milestone(first, customer)

    old = migrate(BEFORE)
    old.get_model("bidding", "Milestone").objects.filter(pk=second.pk).update(
        status="completed"
    )
    CommunicationEventType.objects.filter(code__startswith="BIDDING_MILESTONE_").filter(
        code__in=[
            "BIDDING_MILESTONE_DELIVERED",
            "BIDDING_MILESTONE_APPROVED",
            "BIDDING_MILESTONE_REVISION",
            "BIDDING_MILESTONE_DISPUTED",
        ]
    ).delete()

    new = migrate(AFTER)

    statuses = dict(
        new.get_model("bidding", "Milestone").objects.values_list("pk", "status")
    )
    assert statuses == {first.pk: "paid", second.pk: "completed"}
    assert set(
        CommunicationEventType.objects.filter(
            code__in=[
                "BIDDING_MILESTONE_DELIVERED",
                "BIDDING_MILESTONE_APPROVED",
                "BIDDING_MILESTONE_REVISION",
                "BIDDING_MILESTONE_DISPUTED",
            ]
        ).values_list("code", flat=True)
    ) == {
        "BIDDING_MILESTONE_DELIVERED",
        "BIDDING_MILESTONE_APPROVED",
        "BIDDING_MILESTONE_REVISION",
        "BIDDING_MILESTONE_DISPUTED",
    }
    assert new.get_model("bidding", "MilestoneDelivery").objects.count() == 0

    migrate_to_latest()  # today's models below
    MilestoneService().deliver(Milestone.objects.get(pk=first.pk), "Done", user=vendor)
    assert Milestone.objects.get(pk=first.pk).status == Milestone.DELIVERED
