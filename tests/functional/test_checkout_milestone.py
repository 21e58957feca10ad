"""Paying a milestone through Oscar's checkout, and what placing the order records."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from oscar.apps.checkout.surcharges import FlatCharge
from oscar.core.loading import get_class, get_model
from oscar.test.factories import CountryFactory

from tests import factories
from tests.checkout import fill_basket, pay, place_order, walk_checkout

User = get_user_model()
Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
Invoice = get_model("bidding", "Invoice")
Milestone = get_model("bidding", "Milestone")
MilestonePayment = get_model("bidding", "MilestonePayment")
Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
PaymentAttempt = get_model("bidding", "PaymentAttempt")
PaymentDetailsView = get_class("checkout.views", "PaymentDetailsView")
SurchargeApplicator = get_class("checkout.applicator", "SurchargeApplicator")
InvoiceService = get_class("bidding.services.invoices", "InvoiceService")
MilestonePaymentService = get_class(
    "bidding.services.payments", "MilestonePaymentService"
)
ProjectService = get_class("bidding.services.projects", "ProjectService")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")


@pytest.fixture
def taxed_proposal(project, vendor):
    """Accepted; each milestone is 2 items of 2 x £100 at 20 % tax: £480."""
    proposal = factories.ProposalService().create(
        project,
        vendor.partners.get(),
        vendor,
        factories.milestone_specs(tax_rate=Decimal("0.2")),
        submit=True,
        cover_letter="We fit kitchens.",
        delivery_days=30,
    )
    return factories.ProposalService().accept(proposal)


@pytest.fixture
def milestone(taxed_proposal):
    return taxed_proposal.milestones.get(number=1)


@pytest.fixture
def gateway(monkeypatch):
    """The shop's payment gateway, the one edge mocked: it records each charge."""
    charges = []

    def handle_payment(view, order_number, total, **kwargs):
        charges.append((str(order_number), total.incl_tax))

    monkeypatch.setattr(PaymentDetailsView, "handle_payment", handle_payment)
    return charges


def test_milestone_checkout_skips_the_shipping_steps(login, customer, milestone):
    client = login(customer)
    fill_basket(client, customer, milestone)

    response = walk_checkout(client)

    assert [url for url, _status in response.redirect_chain] == [
        reverse("checkout:shipping-address"),
        reverse("checkout:shipping-method"),
        reverse("checkout:payment-method"),
        reverse("checkout:payment-details"),
    ]
    assert response.status_code == 200


def test_order_has_a_line_per_milestone_with_the_vendors_partner(
    client, customer, vendor, milestone, gateway
):
    order = pay(client, customer, milestone)

    (line,) = order.lines.all()
    assert line.title == "Milestone 1: Stage 1"
    assert line.quantity == 1
    assert line.unit_price_excl_tax == line.line_price_excl_tax == Decimal("400.00")
    assert line.unit_price_incl_tax == line.line_price_incl_tax == Decimal("480.00")
    assert line.partner == vendor.partners.get()
    assert [
        (item["description"], item["quantity"], item["total_incl_tax"])
        for item in order.bidding_invoice.lines
    ] == [("Work item 1.1", 2, "240.00"), ("Work item 1.2", 2, "240.00")]
    assert order.total_excl_tax == Decimal("400.00")
    assert order.total_incl_tax == milestone.amount_incl_tax == Decimal("480.00")
    assert order.status == "Complete"
    assert gateway == [(order.number, Decimal("480.00"))]


@override_settings(OSCAR_BIDDING_PAID_ORDER_STATUS="Being processed")
def test_paid_order_status_is_the_setting(client, customer, milestone):
    assert pay(client, customer, milestone).status == "Being processed"


def test_placing_the_order_issues_its_invoice_with_a_snapshot_of_both_parties(
    client, customer, vendor, milestone
):
    User.objects.filter(pk=customer.pk).update(first_name="Ada", last_name="Byron")
    partner = vendor.partners.get()
    partner.addresses.create(
        line1="1 High Street",
        line4="Leeds",
        postcode="LS1 1AA",
        country=CountryFactory(),
    )

    order = pay(client, customer, milestone)
    partner.name = "Vendor One Renamed"
    partner.save()

    invoice = Invoice.objects.get(order=order)
    assert invoice.number == f"INV-{timezone.localdate().year}-000001"
    assert invoice.proposal_id == milestone.proposal_id
    assert invoice.seller == {
        "name": "Vendor One",
        "address": ["1 High Street", "Leeds", "LS1 1AA", "UNITED KINGDOM"],
        "shop": "Bidding sandbox",
    }
    assert invoice.buyer == {
        "name": "Ada Byron",
        "email": "customer@example.com",
        "address": [],
    }
    assert [line["description"] for line in invoice.lines] == [
        "Work item 1.1",
        "Work item 1.2",
    ]
    assert invoice.lines[0] == {
        "milestone": 1,
        "milestone_title": "Stage 1",
        "description": "Work item 1.1",
        "quantity": 2,
        "unit_price": "100.00",
        "tax_rate": "0.2000",
        "tax": "40.00",
        "total_excl_tax": "200.00",
        "total_incl_tax": "240.00",
    }
    assert (invoice.total_excl_tax, invoice.total_tax, invoice.total_incl_tax) == (
        Decimal("400.00"),
        Decimal("80.00"),
        Decimal("480.00"),
    )


def test_placing_the_order_marks_the_milestone_paid(client, customer, milestone):
    order = pay(client, customer, milestone)

    payment = MilestonePayment.objects.get()
    assert payment.milestone_id == milestone.pk
    assert payment.order == order
    assert payment.invoice == order.bidding_invoice
    assert payment.order_number == order.number
    assert payment.invoice_number == order.bidding_invoice.number
    assert (payment.amount, payment.currency) == (Decimal("480.00"), "GBP")
    assert payment.status == MilestonePayment.PAID
    milestone.refresh_from_db()
    assert milestone.status == Milestone.PAID
    assert milestone.amount_paid == Decimal("480.00")
    assert milestone.date_paid is not None
    assert Proposal.objects.get(pk=milestone.proposal_id).amount_paid == Decimal(
        "480.00"
    )


def test_vendor_is_emailed_once_after_commit_and_customer_gets_the_confirmation(
    login, customer, milestone, mailoutbox, django_capture_on_commit_callbacks
):
    client = login(customer)
    fill_basket(client, customer, milestone)
    walk_checkout(client)

    def to_vendor():
        return [m for m in mailoutbox if m.to == ["vendor1@example.com"]]

    with django_capture_on_commit_callbacks(execute=True):
        place_order(client)
        assert to_vendor() == []  # the order's transaction has not committed yet

    order = Order.objects.get()
    (message,) = to_vendor()
    assert (
        message.subject
        == f'Order {order.number}: a milestone of "Kitchen refit" was paid'
    )
    assert f"Order number: {order.number}" in message.body
    assert f"Invoice number: {order.bidding_invoice.number}" in message.body
    assert "Amount: £480.00" in message.body
    assert "Milestone 1: Stage 1" in message.body
    dashboard_url = (
        f"http://example.com/dashboard/bidding/proposals/{milestone.proposal_id}/"
    )
    assert dashboard_url in message.body
    (html, _mimetype), *_rest = message.alternatives
    assert f'href="{dashboard_url}"' in html
    (confirmation,) = [m for m in mailoutbox if m.to == ["customer@example.com"]]
    assert confirmation.subject == f"Confirmation of order {order.number}"


def test_vendor_sees_the_order_in_oscars_dashboard_and_another_vendor_does_not(
    client, customer, vendor, other_vendor, milestone
):
    order = pay(client, customer, milestone)
    detail_url = reverse("dashboard:order-detail", kwargs={"number": order.number})

    client.force_login(vendor)
    listing = client.get(reverse("dashboard:order-list"))
    assert [o.number for o in listing.context["orders"]] == [order.number]
    assert client.get(detail_url).status_code == 200

    client.force_login(other_vendor)
    listing = client.get(reverse("dashboard:order-list"))
    assert list(listing.context["orders"]) == []
    assert client.get(detail_url).status_code == 404


def test_paid_milestones_approved_one_by_one_complete_proposal_and_project(
    client,
    customer,
    vendor,
    accepted_proposal,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    first, second = accepted_proposal.milestones.order_by("number")
    pay(client, customer, first)
    factories.complete_milestone(first)
    assert Milestone.objects.get(pk=second.pk).status == Milestone.PENDING
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        MilestoneService().mark_ready(second, user=vendor)

    assert Milestone.objects.get(pk=second.pk).status == Milestone.READY_TO_PAY
    (message,) = mailoutbox
    assert message.to == ["customer@example.com"]
    assert message.subject == 'Milestone 2 of "Kitchen refit" is ready to pay'

    pay(client, customer, second)
    factories.complete_milestone(second)

    proposal = Proposal.objects.get(pk=accepted_proposal.pk)
    assert proposal.status == Proposal.COMPLETED
    assert proposal.amount_paid == Decimal("800.00")
    assert Project.objects.get(pk=proposal.project_id).status == Project.COMPLETED


@override_settings(
    OSCAR_BIDDING_PAY_SEVERAL=True, OSCAR_BIDDING_ALL_MILESTONES_READY=True
)
def test_pay_several_pays_every_ready_milestone_in_one_order(
    client, customer, proposal, mailoutbox, django_capture_on_commit_callbacks
):
    factories.ProposalService().accept(proposal)
    first, second = proposal.milestones.order_by("number")

    with django_capture_on_commit_callbacks(execute=True):
        order = pay(client, customer, first)

    assert order.lines.count() == 2
    assert order.total_incl_tax == Decimal("800.00")
    invoice = Invoice.objects.get()
    assert invoice.order == order
    assert [line["milestone"] for line in invoice.lines] == [1, 1, 2, 2]
    assert invoice.total_incl_tax == Decimal("800.00")
    payments = MilestonePayment.objects.order_by("milestone__number")
    assert [(p.milestone_id, p.order, p.invoice, p.amount) for p in payments] == [
        (first.pk, order, invoice, Decimal("400.00")),
        (second.pk, order, invoice, Decimal("400.00")),
    ]
    assert set(
        Milestone.objects.filter(proposal=proposal).values_list("status", flat=True)
    ) == {Milestone.PAID}
    assert Proposal.objects.get(pk=proposal.pk).amount_paid == Decimal("800.00")
    (message,) = [m for m in mailoutbox if m.to == ["vendor1@example.com"]]
    assert "Milestone 1: Stage 1" in message.body
    assert "Milestone 2: Stage 2" in message.body


# Refused before payment: nothing charged, no order, the basket cleared.


def paid_in_another_tab(client, customer, milestone):
    """The same milestone sits in a second basket, filled while it was ready;
    the first tab pays it, then the second basket becomes the customer's."""
    other_tab = Basket.objects.create()
    MilestonePaymentService().fill_basket(other_tab, milestone, customer)
    pay(client, customer, milestone)
    Basket.objects.filter(pk=other_tab.pk).update(owner=customer)
    walk_checkout(client)
    return "Milestone 1 is not ready to pay: it is paid."


def proposal_cancelled(client, customer, milestone):
    fill_basket(client, customer, milestone)
    walk_checkout(client)
    Proposal.objects.filter(pk=milestone.proposal_id).update(status=Proposal.CANCELLED)
    return "You cannot pay this proposal: it is cancelled."


def project_completed(client, customer, milestone):
    fill_basket(client, customer, milestone)
    walk_checkout(client)
    # With milestones unpaid, completing cancels them where the shop allows it.
    with override_settings(OSCAR_BIDDING_COMPLETE_CANCELS_UNPAID=True):
        ProjectService().complete(milestone.proposal.project)
    return "You cannot pay this proposal: it is completed."


def amount_changed(client, customer, milestone):
    fill_basket(client, customer, milestone)
    walk_checkout(client)
    Milestone.objects.filter(pk=milestone.pk).update(
        amount_excl_tax=F("amount_excl_tax") + 100,
        amount_incl_tax=F("amount_incl_tax") + 120,
    )
    return "The amount of this milestone has changed: please pay it again."


@pytest.mark.parametrize(
    "meanwhile",
    [paid_in_another_tab, proposal_cancelled, project_completed, amount_changed],
)
def test_order_is_refused_before_payment_when_the_milestone_is_no_longer_payable(
    login, customer, milestone, gateway, meanwhile
):
    client = login(customer)
    message = meanwhile(client, customer, milestone)
    charges, orders = list(gateway), list(Order.objects.all())

    response = client.post(
        reverse("checkout:preview"), {"action": "place_order"}, follow=True
    )

    assert response.redirect_chain == [(reverse("basket:summary"), 302)]
    assert message in [str(m) for m in response.context["messages"]]
    assert gateway == charges
    assert list(Order.objects.all()) == orders
    basket = Basket.open.get(owner=customer)
    assert not basket.milestone_locked
    assert not basket.lines.exists()


def test_order_is_refused_before_payment_unless_it_charges_exactly_what_is_due(
    login, customer, milestone, gateway, monkeypatch
):
    """A surcharge (a card fee, say) would charge more than the milestone."""
    monkeypatch.setattr(
        SurchargeApplicator,
        "get_surcharges",
        lambda self, basket, **kwargs: [
            FlatCharge(excl_tax=Decimal("2.00"), incl_tax=Decimal("2.00"))
        ],
    )
    client = login(customer)
    fill_basket(client, customer, milestone)
    walk_checkout(client)

    response = client.post(
        reverse("checkout:preview"), {"action": "place_order"}, follow=True
    )

    assert response.redirect_chain == [(reverse("basket:summary"), 302)]
    assert (
        "The amount to pay (482.00 GBP) is not what the milestones are due "
        "(480.00 GBP): nothing was charged."
    ) in [str(m) for m in response.context["messages"]]
    assert gateway == []
    assert not Order.objects.exists()
    assert not PaymentAttempt.objects.exists()


def test_the_payment_rows_record_the_amount_the_gateway_charged(
    client, customer, milestone, gateway
):
    order = pay(client, customer, milestone)

    attempt = PaymentAttempt.objects.get()
    assert (attempt.status, attempt.order, attempt.amount) == (
        PaymentAttempt.PLACED,
        order,
        Decimal("480.00"),
    )
    assert gateway == [(order.number, attempt.amount)]
    assert [p.amount for p in MilestonePayment.objects.filter(order=order)] == [
        attempt.amount
    ]


# All or nothing.


def test_a_failure_while_recording_the_payment_places_no_order_and_a_retry_succeeds(
    login, customer, milestone, monkeypatch
):
    client = login(customer)
    fill_basket(client, customer, milestone)
    walk_checkout(client)

    def broken_issue(*args, **kwargs):
        raise RuntimeError("invoice storage is down")

    with monkeypatch.context() as patched:
        patched.setattr(InvoiceService, "issue", broken_issue)
        response = place_order(client)

    assert response.status_code == 200
    assert "Your payment was received, but the order could not be placed." in (
        response.content.decode()
    )
    assert not Order.objects.exists()
    assert not Invoice.objects.exists()
    assert not MilestonePayment.objects.exists()
    milestone.refresh_from_db()
    assert (milestone.status, milestone.amount_paid) == (
        Milestone.READY_TO_PAY,
        Decimal("0.00"),
    )
    assert Proposal.objects.get(pk=milestone.proposal_id).amount_paid == 0

    retry = place_order(client)

    assert retry.status_code == 302
    assert retry.url == reverse("checkout:thank-you")
    order = Order.objects.get()
    assert order.bidding_invoice.number.endswith("-000001")
    assert Milestone.objects.get(pk=milestone.pk).status == Milestone.PAID
