"""Two staff members decide one dispute at the same moment: one decision
wins, the other is told the dispute is decided, and the money moves once."""

from decimal import Decimal

import pytest
from oscar.core.loading import get_class, get_model

from oscar_bidding.exceptions import IllegalTransition
from tests import factories
from tests.checkout import pay_milestone
from tests.races import race

Milestone = get_model("bidding", "Milestone")
MilestonePayment = get_model("bidding", "MilestonePayment")
OutboxMessage = get_model("bidding", "OutboxMessage")
StatusChange = get_model("bidding", "StatusChange")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")
DisputeService = get_class("bidding.services.disputes", "DisputeService")


@pytest.fixture
def disputed(accepted_proposal, customer, vendor):
    milestone = accepted_proposal.milestones.get(number=1)
    pay_milestone(milestone, customer)
    MilestoneService().deliver(milestone, "Done", user=vendor)
    return MilestoneService().dispute(milestone, "Not done.", user=customer)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("decisions", [("approve", "refund"), ("refund", "refund")])
def test_two_staff_deciding_at_once_make_one_decision(
    disputed, staff, refund_gateway, decisions
):
    other_staff = factories.make_user("staff2@example.com", is_staff=True)
    refund_gateway.refunds = []

    def decide(decision, user):
        milestone = Milestone.objects.get(pk=disputed.pk)
        if decision == "approve":
            return DisputeService().approve(milestone, user, "For the vendor.")
        return DisputeService().refund(milestone, Decimal("5.00"), user, "A part.")

    outcomes = race(
        lambda: decide(decisions[0], staff), lambda: decide(decisions[1], other_staff)
    )

    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 1, outcomes
    assert isinstance(refused[0], IllegalTransition)
    assert "already decided" in str(refused[0])
    decisions_made = StatusChange.objects.filter(
        milestone=disputed, old_status=Milestone.DISPUTED
    )
    assert decisions_made.count() == 1
    assert Milestone.objects.get(pk=disputed.pk).status == Milestone.COMPLETED
    payment = MilestonePayment.objects.get(milestone=disputed)
    assert len(refund_gateway.refunds) == (1 if payment.amount_refunded else 0)
    assert (
        OutboxMessage.objects.filter(event_code="BIDDING_DISPUTE_RESOLVED").count() == 2
    )
