"""RefundService: the state rule of a refund, and who may make one.

A milestone paid but not delivered becomes ready to pay again; a completed one
stays completed. Amounts paid stay the sum of the paid payments, and every
state a refund leaves is one the other services go on from.
"""

from decimal import Decimal

import pytest
from django.db.models import Sum
from oscar.core.loading import get_class, get_model

from oscar_bidding.exceptions import BiddingError
from tests import factories
from tests.checkout import pay_milestone

Basket = get_model("basket", "Basket")
Milestone = get_model("bidding", "Milestone")
MilestonePayment = get_model("bidding", "MilestonePayment")
Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
PaymentEvent = get_model("order", "PaymentEvent")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")
MilestonePaymentService = get_class(
    "bidding.services.payments", "MilestonePaymentService"
)
RefundService = get_class("bidding.services.refunds", "RefundService")

REASON = "The vendor could not deliver."


@pytest.fixture
def milestones(accepted_proposal, settings):
    """Each milestone ready to pay once the previous one is approved."""
    settings.OSCAR_BIDDING_MILESTONE_READINESS = "automatic"
    return list(accepted_proposal.milestones.order_by("number"))


def assert_amounts_are_the_paid_payments(proposal):
    paid = MilestonePayment.objects.filter(status=MilestonePayment.PAID)
    for milestone in proposal.milestones.all():
        total = paid.filter(milestone=milestone).aggregate(total=Sum("amount"))
        assert milestone.amount_paid == (total["total"] or 0)
    total = paid.filter(milestone__proposal=proposal).aggregate(total=Sum("amount"))
    assert Proposal.objects.get(pk=proposal.pk).amount_paid == (total["total"] or 0)


def test_a_paid_milestone_refunded_is_ready_to_pay_and_can_be_paid_again(
    customer, staff, milestones, refund_gateway
):
    first, second = milestones
    order = pay_milestone(first, customer)

    RefundService().refund_order(order, staff, REASON)

    first.refresh_from_db()
    assert (first.status, first.amount_paid, first.date_paid) == (
        Milestone.READY_TO_PAY,
        0,
        None,
    )
    assert Milestone.objects.get(pk=second.pk).status == Milestone.PENDING
    assert_amounts_are_the_paid_payments(first.proposal)

    again = pay_milestone(first, customer)
    factories.complete_milestone(first)

    assert MilestonePayment.objects.get(order=again).status == MilestonePayment.PAID
    assert Milestone.objects.get(pk=first.pk).status == Milestone.COMPLETED
    assert Milestone.objects.get(pk=second.pk).status == Milestone.READY_TO_PAY
    assert_amounts_are_the_paid_payments(first.proposal)


def test_a_completed_milestone_refunded_stays_completed_and_is_not_asked_again(
    customer, staff, milestones, refund_gateway
):
    first, second = milestones
    order = pay_milestone(first, customer)
    factories.complete_milestone(first)

    RefundService().refund_order(order, staff, REASON)

    first.refresh_from_db()
    assert (first.status, first.amount_paid) == (Milestone.COMPLETED, 0)
    assert MilestonePayment.objects.get(order=order).status == (
        MilestonePayment.REFUNDED
    )
    assert Milestone.objects.get(pk=second.pk).status == Milestone.READY_TO_PAY
    assert_amounts_are_the_paid_payments(first.proposal)
    basket = Basket.objects.create(owner=customer)
    with pytest.raises(BiddingError, match="not ready to pay: it is completed"):
        MilestonePaymentService().fill_basket(basket, first, customer)

    pay_milestone(second, customer)
    factories.complete_milestone(second)

    assert Proposal.objects.get(pk=first.proposal_id).status == Proposal.COMPLETED
    assert_amounts_are_the_paid_payments(first.proposal)


def test_a_refund_after_the_project_completed_leaves_it_completed(
    customer, staff, milestones, refund_gateway
):
    orders = []
    for milestone in milestones:
        orders.append(pay_milestone(milestone, customer))
        factories.complete_milestone(milestone)

    RefundService().refund_order(orders[1], staff, REASON)

    proposal = Proposal.objects.get(pk=milestones[0].proposal_id)
    assert proposal.status == Proposal.COMPLETED
    assert proposal.project.status == Project.COMPLETED
    assert proposal.amount_paid == Decimal("400.00")
    assert set(proposal.milestones.values_list("status", flat=True)) == {
        Milestone.COMPLETED
    }
    assert_amounts_are_the_paid_payments(proposal)


def test_one_milestone_of_an_order_that_paid_two_is_refunded_with_its_lines(
    settings, customer, staff, proposal, refund_gateway
):
    settings.OSCAR_BIDDING_ALL_MILESTONES_READY = True
    settings.OSCAR_BIDDING_PAY_SEVERAL = True
    factories.ProposalService().accept(proposal)
    first, second = proposal.milestones.order_by("number")
    order = pay_milestone(first, customer)
    lines = list(order.lines.order_by("pk"))

    RefundService().refund_payment(first.payments.get(), staff, REASON)

    event = PaymentEvent.objects.get(order=order)
    assert event.amount == Decimal("400.00")
    assert [q.line for q in event.line_quantities.order_by("line")] == lines[:1]
    assert Milestone.objects.get(pk=first.pk).status == Milestone.READY_TO_PAY
    assert Milestone.objects.get(pk=second.pk).status == Milestone.PAID
    assert_amounts_are_the_paid_payments(proposal)

    (rest,) = RefundService().refund_order(order, staff, REASON)

    assert rest.milestone == second
    last = PaymentEvent.objects.filter(order=order).latest("pk")
    assert [q.line for q in last.line_quantities.order_by("line")] == lines[1:]
    assert [call["amount"] for call in refund_gateway.refunds] == [
        Decimal("400.00"),
        Decimal("400.00"),
    ]
    assert_amounts_are_the_paid_payments(proposal)


def test_only_staff_refund_and_with_a_reason(
    customer, vendor, staff, milestones, refund_gateway
):
    order = pay_milestone(milestones[0], customer)
    payment = MilestonePayment.objects.get(order=order)
    service = RefundService()

    with pytest.raises(BiddingError, match="Only shop staff"):
        service.refund_payment(payment, vendor, REASON)
    with pytest.raises(BiddingError, match="Say why"):
        service.refund_payment(payment, staff, " ")

    assert refund_gateway.refunds == []
    assert MilestonePayment.objects.get(pk=payment.pk).status == (MilestonePayment.PAID)


def test_a_payment_is_refunded_once(customer, staff, milestones, refund_gateway):
    order = pay_milestone(milestones[0], customer)
    payment = MilestonePayment.objects.get(order=order)
    RefundService().refund_payment(payment, staff, REASON)

    with pytest.raises(BiddingError, match="already refunded"):
        RefundService().refund_payment(payment, staff, REASON)

    assert len(refund_gateway.refunds) == 1
    assert PaymentEvent.objects.filter(order=order).count() == 1
