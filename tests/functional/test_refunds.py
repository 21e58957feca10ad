"""Refunds through Oscar's order dashboard and the proposal page: staff only,
through the gateway, with who, when and why.

Vendors reach the order of a paid milestone in Oscar's order dashboard as any
other order, but every route that would cancel or refund it, or record money on
it, is refused. The state rule itself is tested in
``tests/integration/test_refund_service.py``.
"""

from decimal import Decimal

import pytest
from django.apps import apps
from django.test import override_settings
from django.urls import reverse
from oscar.apps.dashboard.orders import views as oscar_views
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_order

from oscar_bidding.checks.refunds import check_order_dashboard
from tests.checkout import pay

Order = get_model("order", "Order")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventType = get_model("order", "PaymentEventType")
Milestone = get_model("bidding", "Milestone")
MilestonePayment = get_model("bidding", "MilestonePayment")
PaymentAttempt = get_model("bidding", "PaymentAttempt")
Proposal = get_model("bidding", "Proposal")
MilestoneOrderMixin = get_class(
    "bidding_dashboard.orders.mixins", "MilestoneOrderMixin"
)

STAFF_ONLY = str(MilestoneOrderMixin.staff_only_message)
REFUND_FIRST = str(MilestoneOrderMixin.refund_first_message)


#: The status checkout gives a milestone order, and a refund status that the
#: sandbox's pipeline allows from it.
each_refund_status = pytest.mark.parametrize(
    ("paid_status", "new_status"),
    [("Complete", "Refunded"), ("Being processed", "Cancelled")],
)


def pay_into(client, customer, milestone, paid_status):
    """Pay ``milestone`` through the checkout into an order in ``paid_status``."""
    with override_settings(OSCAR_BIDDING_PAID_ORDER_STATUS=paid_status):
        return pay(client, customer, milestone)


@pytest.fixture
def milestone(accepted_proposal):
    return accepted_proposal.milestones.get(number=1)


@pytest.fixture
def order(client, customer, milestone):
    """Milestone 1 paid through the checkout; the order is "Complete"."""
    return pay(client, customer, milestone)


def order_page(order):
    return reverse("dashboard:order-detail", kwargs={"number": order.number})


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def change_status(client, user, order, new_status):
    """What the status form of Oscar's dashboard order page posts."""
    client.force_login(user)
    return client.post(
        order_page(order),
        {"order_action": "change_order_status", "new_status": new_status},
        follow=True,
    )


def line_action(order, action, **data):
    """What the lines form of the order page posts, every line selected."""
    lines = list(order.lines.all())
    return {
        "line_action": action,
        "selected_line": [line.pk for line in lines],
        **{f"selected_line_qty_{line.pk}": line.quantity for line in lines},
        **data,
    }


def assert_still_paid(order, milestone, status):
    assert Order.objects.get(pk=order.pk).status == status
    assert MilestonePayment.objects.get(order=order).status == MilestonePayment.PAID
    milestone.refresh_from_db()
    assert (milestone.status, milestone.amount_paid) == (
        Milestone.PAID,
        Decimal("400.00"),
    )
    assert Proposal.objects.get(pk=milestone.proposal_id).amount_paid == Decimal(
        "400.00"
    )
    assert not PaymentEvent.objects.filter(order=order).exists()


# A vendor in Oscar's order dashboard ------------------------------------------------


@each_refund_status
def test_vendor_sees_the_order_but_cannot_refund_or_cancel_it_on_its_page(
    client, customer, vendor, milestone, refund_gateway, paid_status, new_status
):
    order = pay_into(client, customer, milestone, paid_status)
    client.force_login(vendor)
    assert client.get(order_page(order)).status_code == 200

    response = change_status(client, vendor, order, new_status)

    assert response.redirect_chain == [(order_page(order), 302)]
    assert messages_of(response) == [STAFF_ONLY]
    assert_still_paid(order, milestone, paid_status)
    assert refund_gateway.refunds == []


@override_settings(OSCAR_BIDDING_PAID_ORDER_STATUS="Being processed")
def test_vendor_cannot_cancel_milestone_orders_with_the_bulk_status_change(
    client, customer, vendor, milestone
):
    order = pay(client, customer, milestone)
    ordinary = create_order(user=customer, status="Being processed")
    ordinary.lines.update(partner=vendor.partners.get())
    client.force_login(vendor)

    response = client.post(
        reverse("dashboard:order-list"),
        {
            "action": "change_order_statuses",
            "selected_order": [order.pk, ordinary.pk],
            "new_status": "Cancelled",
        },
        follow=True,
    )

    assert f"Order {order.number}: {STAFF_ONLY}" in messages_of(response)
    assert_still_paid(order, milestone, "Being processed")
    assert Order.objects.get(pk=ordinary.pk).status == "Cancelled"


def test_vendor_cannot_cancel_the_lines_of_a_milestone_order(
    client, vendor, order, milestone
):
    client.force_login(vendor)

    response = client.post(
        order_page(order),
        line_action(order, "change_line_statuses", new_status="Cancelled"),
        follow=True,
    )

    assert messages_of(response) == [STAFF_ONLY]
    assert set(order.lines.values_list("status", flat=True)) == {"Pending"}
    assert_still_paid(order, milestone, "Complete")


@pytest.mark.parametrize("level", ["order", "lines"])
def test_vendor_cannot_record_a_payment_event_on_a_milestone_order(
    client, vendor, order, milestone, level
):
    event_type = PaymentEventType.objects.create(name="Refunded")
    data = {"payment_event_type": event_type.code, "amount": "400.00"}
    if level == "order":
        data = {"order_action": "create_order_payment_event", **data}
    else:
        data = line_action(order, "create_payment_event", **data)
    client.force_login(vendor)

    response = client.post(order_page(order), data, follow=True)

    assert messages_of(response) == [STAFF_ONLY]
    assert_still_paid(order, milestone, "Complete")


@pytest.mark.parametrize("view", ["order_list_view", "order_detail_view"])
def test_a_shop_that_kept_oscars_order_dashboard_is_told_by_a_system_check(
    monkeypatch, view
):
    assert check_order_dashboard(None) == []
    config = apps.get_app_config("orders_dashboard")
    oscar_view = {
        "order_list_view": oscar_views.OrderListView,
        "order_detail_view": oscar_views.OrderDetailView,
    }[view]
    monkeypatch.setattr(config, view, oscar_view)

    assert [error.id for error in check_order_dashboard(None)] == ["oscar_bidding.E401"]


# Staff in Oscar's order dashboard -----------------------------------------------------


@each_refund_status
def test_staff_cancelling_or_refunding_the_order_refunds_it_through_the_gateway(
    client, customer, staff, milestone, refund_gateway, paid_status, new_status
):
    order = pay_into(client, customer, milestone, paid_status)

    response = change_status(client, staff, order, new_status)

    assert messages_of(response) == [
        f"Order status changed from '{paid_status}' to '{new_status}'"
    ]
    assert Order.objects.get(pk=order.pk).status == new_status
    reason = f"Order status changed from '{paid_status}' to '{new_status}'."
    assert refund_gateway.refunds == [
        {
            "order_number": order.number,
            "amount": Decimal("400.00"),
            "currency": "GBP",
            "reason": reason,
            "key": PaymentAttempt.objects.get(order=order).key,
        }
    ]
    payment = MilestonePayment.objects.get(order=order)
    assert payment.status == MilestonePayment.REFUNDED
    assert payment.date_refunded is not None
    assert (payment.refunded_by, payment.refund_reason, payment.refund_reference) == (
        staff,
        reason,
        "RF-1",
    )
    event = PaymentEvent.objects.get(order=order)
    assert (event.event_type.name, event.amount, event.reference) == (
        "Refunded",
        Decimal("400.00"),
        "RF-1",
    )
    assert {(q.line, q.quantity) for q in event.line_quantities.all()} == {
        (line, line.quantity) for line in order.lines.all()
    }
    milestone.refresh_from_db()
    assert (milestone.status, milestone.amount_paid, milestone.date_paid) == (
        Milestone.READY_TO_PAY,
        0,
        None,
    )
    assert Proposal.objects.get(pk=milestone.proposal_id).amount_paid == 0


def test_a_gateway_refusal_leaves_the_order_paid_and_says_why(
    client, staff, order, milestone, refund_gateway
):
    refund_gateway.refuse = "The card account is closed."

    response = change_status(client, staff, order, "Refunded")

    assert messages_of(response) == [
        "Unable to change order status due to payment error: "
        "The card account is closed."
    ]
    assert_still_paid(order, milestone, "Complete")


def test_the_sandbox_gateway_records_the_refund_without_a_reference(
    client, staff, order
):
    change_status(client, staff, order, "Refunded")

    payment = MilestonePayment.objects.get(order=order)
    assert (payment.status, payment.refund_reference) == (
        MilestonePayment.REFUNDED,
        "",
    )
    assert PaymentEvent.objects.get(order=order).amount == Decimal("400.00")


@pytest.mark.parametrize("route", ["line status", "payment event"])
def test_staff_refund_a_paid_milestone_order_only_through_the_refund_service(
    client, staff, order, milestone, route
):
    event_type = PaymentEventType.objects.create(name="Refunded")
    if route == "line status":
        data = line_action(order, "change_line_statuses", new_status="Cancelled")
    else:
        data = {
            "order_action": "create_order_payment_event",
            "payment_event_type": event_type.code,
            "amount": "400.00",
        }
    client.force_login(staff)

    response = client.post(order_page(order), data, follow=True)

    assert messages_of(response) == [REFUND_FIRST]
    assert_still_paid(order, milestone, "Complete")


def test_vendor_and_customer_are_emailed_after_commit(
    client,
    customer,
    staff,
    order,
    milestone,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
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
        assert (
            f'A payment of order {order.number} for the project "Kitchen refit" '
            "was refunded." in message.body
        )
        assert f"Invoice number: {order.bidding_invoice.number}" in message.body
        assert "Milestone 1: Stage 1: £400.00 refunded" in message.body
        assert "Reason: Order status changed from 'Complete' to 'Refunded'." in (
            message.body
        )
        assert "The milestone is ready to pay again." in message.body
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
    refund_gateway,
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
    assert len(refund_gateway.refunds) == 1
    assert MilestonePayment.objects.get(pk=refunded.pk).date_refunded == (
        refunded.date_refunded
    )
    assert_still_paid(second, milestone, "Complete")


def test_an_ordinary_orders_status_change_touches_no_milestone_payment(
    client,
    customer,
    staff,
    order,
    milestone,
    refund_gateway,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    ordinary = create_order(user=customer, status="Complete")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        change_status(client, staff, ordinary, "Refunded")

    assert Order.objects.get(pk=ordinary.pk).status == "Refunded"
    assert mailoutbox == []
    assert refund_gateway.refunds == []
    assert_still_paid(order, milestone, "Complete")


def test_setting_the_order_status_in_code_refunds_nothing(order, milestone):
    """Only the refund service gives money back; a status is only a status."""
    order.set_status("Refunded")

    assert MilestonePayment.objects.get(order=order).status == MilestonePayment.PAID
    assert Milestone.objects.get(pk=milestone.pk).status == Milestone.PAID


# Staff on the proposal page of the bidding dashboard ---------------------------------


def refund_page(order):
    payment = MilestonePayment.objects.get(order=order)
    return reverse("bidding_dashboard:payment-refund", kwargs={"pk": payment.pk})


def test_staff_refund_a_payment_from_the_proposal_page_with_a_reason(
    client, staff, order, milestone, refund_gateway
):
    client.force_login(staff)
    proposal_page = milestone.proposal.get_dashboard_url()
    assert refund_page(order) in client.get(proposal_page).content.decode()
    assert client.get(refund_page(order)).status_code == 200

    response = client.post(
        refund_page(order), {"reason": "The kitchen was never started."}, follow=True
    )

    assert response.redirect_chain == [(proposal_page, 302)]
    assert messages_of(response) == ["The payment is refunded."]
    assert refund_gateway.refunds == [
        {
            "order_number": order.number,
            "amount": Decimal("400.00"),
            "currency": "GBP",
            "reason": "The kitchen was never started.",
            "key": PaymentAttempt.objects.get(order=order).key,
        }
    ]
    payment = MilestonePayment.objects.get(order=order)
    assert (payment.status, payment.refunded_by, payment.refund_reason) == (
        MilestonePayment.REFUNDED,
        staff,
        "The kitchen was never started.",
    )
    assert PaymentEvent.objects.get(order=order).amount == Decimal("400.00")
    assert Milestone.objects.get(pk=milestone.pk).status == Milestone.READY_TO_PAY
    assert refund_page(order) not in response.content.decode()


def test_a_refund_without_a_reason_is_refused(client, staff, order, milestone):
    client.force_login(staff)

    response = client.post(refund_page(order), {"reason": "  "})

    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    assert_still_paid(order, milestone, "Complete")


def test_a_gateway_refusal_on_the_proposal_page_changes_nothing(
    client, staff, order, milestone, refund_gateway
):
    refund_gateway.refuse = "Refund window closed."
    client.force_login(staff)

    response = client.post(refund_page(order), {"reason": "Asked by the customer."})
    response = client.get(response.url)

    assert messages_of(response) == [
        "The payment gateway refused the refund: Refund window closed."
    ]
    assert_still_paid(order, milestone, "Complete")


def test_vendor_can_neither_see_nor_use_the_refund_action(
    client, vendor, order, milestone
):
    client.force_login(vendor)

    content = client.get(milestone.proposal.get_dashboard_url()).content.decode()
    response = client.post(refund_page(order), {"reason": "Mine."})

    assert refund_page(order) not in content
    assert response.status_code == 403
    assert_still_paid(order, milestone, "Complete")


# A disputed milestone: its money is the dispute's decision ---------------------------


@pytest.fixture
def disputed_order(client, customer, vendor, order, milestone):
    MilestoneService = get_class("bidding.services.milestones", "MilestoneService")
    MilestoneService().deliver(milestone, "Tiles laid", user=vendor)
    MilestoneService().dispute(milestone, "Half the tiles are cracked.", user=customer)
    return order


def assert_still_disputed(order, milestone):
    assert MilestonePayment.objects.get(order=order).status == MilestonePayment.PAID
    milestone.refresh_from_db()
    assert (milestone.status, milestone.amount_paid) == (
        Milestone.DISPUTED,
        Decimal("400.00"),
    )
    assert not PaymentEvent.objects.filter(order=order).exists()


DISPUTED = (
    "Milestone 1 is disputed: decide its dispute in Marketplace Management > "
    "Disputes, which can refund it."
)


def test_a_disputed_milestone_is_not_refunded_from_the_proposal_page(
    client, staff, disputed_order, milestone, refund_gateway
):
    client.force_login(staff)
    page = client.get(milestone.proposal.get_dashboard_url()).content.decode()
    assert refund_page(disputed_order) not in page
    dispute_page = reverse("bidding_dashboard:dispute-detail", args=[milestone.pk])
    assert f'href="{dispute_page}">Decide the dispute</a>' in page

    response = client.post(
        refund_page(disputed_order), {"reason": "Asked by the customer."}, follow=True
    )

    assert DISPUTED in messages_of(response)
    assert refund_gateway.refunds == []
    assert_still_disputed(disputed_order, milestone)


@each_refund_status
def test_a_disputed_milestone_is_not_refunded_by_the_order_status(
    client, staff, disputed_order, milestone, refund_gateway, paid_status, new_status
):
    Order.objects.filter(pk=disputed_order.pk).update(status=paid_status)

    response = change_status(client, staff, disputed_order, new_status)

    assert DISPUTED in messages_of(response)
    assert Order.objects.get(pk=disputed_order.pk).status == paid_status
    assert refund_gateway.refunds == []
    assert_still_disputed(disputed_order, milestone)
