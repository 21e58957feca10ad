"""All or nothing: a fault at any step after payment leaves no trace of the
order, records the payment for staff, and a retry places the order without
charging again."""

from decimal import Decimal

import pytest
from oscar.apps.checkout.mixins import OrderPlacementMixin
from oscar.core.loading import get_class, get_model

from oscar_bidding.conf import setting
from oscar_bidding.notifications import MILESTONE_PAID
from tests.checkout import fill_basket, place_order, walk_checkout
from tests.races import Gateway

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
Invoice = get_model("bidding", "Invoice")
InvoiceSequence = get_model("bidding", "InvoiceSequence")
Milestone = get_model("bidding", "Milestone")
MilestonePayment = get_model("bidding", "MilestonePayment")
OutboxMessage = get_model("bidding", "OutboxMessage")
PaymentAttempt = get_model("bidding", "PaymentAttempt")
Proposal = get_model("bidding", "Proposal")
InvoiceService = get_class("bidding.services.invoices", "InvoiceService")
Notifier = get_class("bidding.notifications", "Notifier")
MilestonePaymentService = get_class(
    "bidding.services.payments", "MilestonePaymentService"
)
OutboxService = get_class("bidding.services.outbox", "OutboxService")


#: Each step of order placement after the gateway took the money.
#: Where a fault is injected: the object and the attribute to break, looked up
#: when the test runs (a model's manager is rebuilt when the app registry's
#: cache is cleared, so one looked up at import could be stale).
STEPS = {
    "before the order is written": lambda: (OrderPlacementMixin, "place_order"),
    "while issuing the invoice": lambda: (InvoiceService, "issue"),
    "while recording the milestone payment": lambda: (
        MilestonePayment.objects,
        "bulk_create",
    ),
    "while marking the milestone paid": lambda: (MilestonePaymentService, "_mark_paid"),
    "while updating the proposal": lambda: (MilestonePaymentService, "_add_paid"),
    "while enqueueing the e-mail": lambda: (Notifier, "milestone_paid"),
    "while writing Oscar's order confirmation to the outbox": lambda: (
        OutboxService,
        "add_all",
    ),
}


@pytest.fixture
def gateway(settings):
    return Gateway.install(settings, delay=0)


@pytest.fixture
def milestone(accepted_proposal):
    return accepted_proposal.milestones.get(number=1)


def paid_emails(mailoutbox):
    """The vendor's e-mails about a paid milestone."""
    return [m for m in mailoutbox if "was paid" in m.subject]


@pytest.mark.parametrize("step", STEPS)
def test_a_fault_after_payment_places_nothing_records_the_payment_and_a_retry_pays_once(
    login,
    customer,
    milestone,
    gateway,
    monkeypatch,
    mailoutbox,
    django_capture_on_commit_callbacks,
    step,
):
    client = login(customer)
    basket = fill_basket(client, customer, milestone)
    walk_checkout(client)

    def broken(*args, **kwargs):
        raise RuntimeError(f"injected fault {step}")

    with (
        monkeypatch.context() as patched,
        django_capture_on_commit_callbacks(execute=True),
    ):
        patched.setattr(*STEPS[step](), broken)
        failed = place_order(client)

    # None of it.
    assert failed.status_code == 200
    assert "Your payment was received, but the order could not be placed." in (
        failed.content.decode()
    )
    assert not Order.objects.exists()
    assert not Invoice.objects.exists()
    assert not MilestonePayment.objects.exists()
    assert not OutboxMessage.objects.filter(event_code=MILESTONE_PAID).exists()
    assert paid_emails(mailoutbox) == []
    assert not InvoiceSequence.objects.filter(last_number__gt=0).exists()
    milestone.refresh_from_db()
    assert (milestone.status, milestone.amount_paid) == (
        Milestone.READY_TO_PAY,
        Decimal("0.00"),
    )
    assert Proposal.objects.get(pk=milestone.proposal_id).amount_paid == 0
    # The customer can pay again: the same basket, open and locked.
    basket.refresh_from_db()
    assert (basket.status, basket.milestone_locked) == (Basket.OPEN, True)
    assert basket.lines.count() == 1
    # The money taken is on record for the retry and for staff.
    attempt = PaymentAttempt.objects.get()
    assert attempt.status == PaymentAttempt.CHARGED
    assert attempt.order_number == str(100000 + basket.pk)
    assert attempt.basket_id == basket.pk
    assert attempt.user == customer
    assert list(attempt.milestones.all()) == [milestone]
    assert (attempt.amount, attempt.currency) == (milestone.amount_incl_tax, "GBP")
    assert attempt.error == f"RuntimeError: injected fault {step}"
    assert attempt.date_resolved is None
    assert gateway.charges == [(attempt.order_number, milestone.amount_incl_tax)]

    with django_capture_on_commit_callbacks(execute=True):
        retry = place_order(client)

    # All of it, charged once.
    assert retry.status_code == 302
    order = Order.objects.get()
    assert order.number == attempt.order_number
    assert gateway.charges == [(order.number, milestone.amount_incl_tax)]
    invoice = Invoice.objects.get(order=order)
    assert invoice.number == setting("OSCAR_BIDDING_INVOICE_NUMBER_FORMAT").format(
        number=1, year=invoice.date_created.year
    )
    assert MilestonePayment.objects.get().order == order
    assert Milestone.objects.get(pk=milestone.pk).status == Milestone.PAID
    assert Proposal.objects.get(pk=milestone.proposal_id).amount_paid == Decimal(
        "400.00"
    )
    assert len(paid_emails(mailoutbox)) == 1
    attempt.refresh_from_db()
    assert (attempt.status, attempt.order) == (PaymentAttempt.PLACED, order)
    assert attempt.date_resolved is not None
