"""Staff cancel or refund a milestone order in Oscar's dashboard: payment undone."""

from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import create_order

from tests.checkout import pay

Order = get_model("order", "Order")
Milestone = get_model("bidding", "Milestone")
MilestonePayment = get_model("bidding", "MilestonePayment")
Proposal = get_model("bidding", "Proposal")


@pytest.fixture
def milestone(accepted_proposal):
    return accepted_proposal.milestones.get(number=1)


def change_status(client, staff, order, new_status):
    """What the status form of Oscar's dashboard order page posts."""
    client.force_login(staff)
    response = client.post(
        reverse("dashboard:order-detail", kwargs={"number": order.number}),
        {"order_action": "change_order_status", "new_status": new_status},
    )
    assert response.status_code == 302
    assert Order.objects.get(pk=order.pk).status == new_status


@pytest.mark.parametrize(
    ("paid_status", "new_status"),
    [("Complete", "Refunded"), ("Being processed", "Cancelled")],
)
def test_cancelling_or_refunding_the_order_makes_the_milestone_payable_again(
    client, customer, staff, milestone, paid_status, new_status
):
    with override_settings(OSCAR_BIDDING_PAID_ORDER_STATUS=paid_status):
        order = pay(client, customer, milestone)

    change_status(client, staff, order, new_status)

    payment = MilestonePayment.objects.get(order=order)
    assert payment.status == MilestonePayment.REFUNDED
    assert payment.date_refunded is not None
    milestone.refresh_from_db()
    assert milestone.status == Milestone.READY_TO_PAY
    assert milestone.amount_paid == 0
    assert milestone.date_paid is None
    assert Proposal.objects.get(pk=milestone.proposal_id).amount_paid == 0


def test_vendor_and_customer_are_emailed_after_commit(
    client,
    customer,
    staff,
    milestone,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    order = pay(client, customer, milestone)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        change_status(client, staff, order, "Refunded")
        assert mailoutbox == []

    by_recipient = {tuple(message.to): message for message in mailoutbox}
    assert set(by_recipient) == {("customer@example.com",), ("vendor1@example.com",)}
    proposal_id = milestone.proposal_id
    for message in mailoutbox:
        assert (
            message.subject == f'Order {order.number} for "Kitchen refit" was refunded'
        )
        assert 'is now "Refunded": its payment was refunded.' in message.body
        assert f"Invoice number: {order.bidding_invoice.number}" in message.body
        assert "Amount: £400.00" in message.body
        assert "Milestone 1: Stage 1" in message.body
    customer_url = f"http://example.com/projects/proposals/{proposal_id}/"
    vendor_url = f"http://example.com/dashboard/bidding/proposals/{proposal_id}/"
    assert customer_url in by_recipient[("customer@example.com",)].body
    assert vendor_url not in by_recipient[("customer@example.com",)].body
    assert vendor_url in by_recipient[("vendor1@example.com",)].body


def test_a_second_status_change_refunds_nothing_more(
    client,
    customer,
    staff,
    milestone,
    monkeypatch,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    monkeypatch.setattr(
        Order, "pipeline", {**Order.pipeline, "Refunded": ("Cancelled",)}
    )
    first = pay(client, customer, milestone)
    change_status(client, staff, first, "Refunded")
    refunded = MilestonePayment.objects.get(order=first)
    second = pay(client, customer, milestone)  # paid again after the refund
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        change_status(client, staff, first, "Cancelled")

    assert mailoutbox == []
    assert MilestonePayment.objects.get(pk=refunded.pk).date_refunded == (
        refunded.date_refunded
    )
    assert MilestonePayment.objects.get(order=second).status == MilestonePayment.PAID
    milestone.refresh_from_db()
    assert (milestone.status, milestone.amount_paid) == (
        Milestone.PAID,
        Decimal("400.00"),
    )
    assert Proposal.objects.get(pk=milestone.proposal_id).amount_paid == Decimal(
        "400.00"
    )


def test_an_ordinary_orders_status_change_touches_no_milestone_payment(
    client,
    customer,
    staff,
    milestone,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    pay(client, customer, milestone)
    ordinary = create_order(user=customer, status="Complete")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        change_status(client, staff, ordinary, "Refunded")

    assert mailoutbox == []
    assert MilestonePayment.objects.get().status == MilestonePayment.PAID
    assert Milestone.objects.get(pk=milestone.pk).status == Milestone.PAID
