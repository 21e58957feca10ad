"""Invoice numbers: one gapless series, drawn in the order's own transaction."""

import datetime

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from tests import factories
from tests.checkout import fill_basket, pay, place_order, walk_checkout
from tests.integration.test_concurrency import race

Invoice = get_model("bidding", "Invoice")
InvoiceSequence = get_model("bidding", "InvoiceSequence")
Order = get_model("order", "Order")
InvoiceService = get_class("bidding.services.invoices", "InvoiceService")
Notifier = get_class("bidding.notifications", "Notifier")

YEAR = timezone.localdate().year


class Rollback(Exception):
    pass


@pytest.fixture
def milestones(settings, project, vendor):
    """Three milestones of one accepted proposal, all ready to pay."""
    settings.OSCAR_BIDDING_ALL_MILESTONES_READY = True
    proposal = factories.make_proposal(project, vendor, milestones=3, items=1)
    factories.ProposalService().accept(proposal)
    return list(proposal.milestones.order_by("number"))


def test_orders_get_sequential_invoice_numbers(client, customer, milestones):
    orders = [pay(client, customer, milestone) for milestone in milestones]

    assert [order.bidding_invoice.number for order in orders] == [
        f"INV-{YEAR}-000001",
        f"INV-{YEAR}-000002",
        f"INV-{YEAR}-000003",
    ]


def test_a_rolled_back_order_gives_its_invoice_number_back(
    login, customer, milestones, monkeypatch
):
    first, second, _third = milestones
    client = login(customer)
    fill_basket(client, customer, first)
    walk_checkout(client)

    def fail_after_the_invoice(*args, **kwargs):
        raise RuntimeError("the order's transaction rolls back")

    with monkeypatch.context() as patched:
        patched.setattr(Notifier, "milestone_paid", fail_after_the_invoice)
        place_order(client)
    assert not Order.objects.exists()

    # The customer places the order again, with the payment already taken.
    assert place_order(client).url == reverse("checkout:thank-you")
    orders = [
        Order.objects.get(pk=client.session["checkout_order_id"]),
        pay(client, customer, second),
    ]

    assert [order.bidding_invoice.number for order in orders] == [
        f"INV-{YEAR}-000001",
        f"INV-{YEAR}-000002",
    ]


def test_a_number_drawn_in_a_rolled_back_transaction_is_drawn_again():
    with pytest.raises(Rollback), transaction.atomic():
        assert InvoiceService().next_number() == f"INV-{YEAR}-000001"
        raise Rollback

    assert InvoiceService().next_number() == f"INV-{YEAR}-000001"


@override_settings(OSCAR_BIDDING_INVOICE_NUMBER_FORMAT="{number:05d}")
def test_a_format_without_the_year_uses_one_series_for_all_years(
    client, customer, milestones
):
    order = pay(client, customer, milestones[0])

    assert order.bidding_invoice.number == "00001"
    assert InvoiceSequence.objects.get().key == "all"


def test_each_year_starts_its_own_series(monkeypatch):
    service = InvoiceService()
    service.next_number()
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(YEAR + 1, 1, 1))

    assert service.next_number() == f"INV-{YEAR + 1}-000001"
    assert InvoiceSequence.objects.get(key=str(YEAR)).last_number == 1


@pytest.mark.django_db(transaction=True)
def test_numbers_drawn_at_once_are_distinct_and_gapless():
    numbers = []

    def draw():
        with transaction.atomic():
            numbers.append(InvoiceService().next_number())

    assert race(*[draw] * 8) == ["ok"] * 8
    assert sorted(numbers) == [f"INV-{YEAR}-{n:06d}" for n in range(1, 9)]
