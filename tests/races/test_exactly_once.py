"""Exactly one order pays a milestone, however many attempts race for it or retry it."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from oscar.apps.payment.exceptions import PaymentError, UnableToTakePayment
from oscar.core.loading import get_class, get_model

from oscar_bidding.conf import setting
from tests import factories
from tests.checkout import fill_basket, place_order, walk_checkout
from tests.races import Gateway, race, same_session

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
Milestone = get_model("bidding", "Milestone")
MilestonePayment = get_model("bidding", "MilestonePayment")
PaymentAttempt = get_model("bidding", "PaymentAttempt")
MilestonePaymentService = get_class(
    "bidding.services.payments", "MilestonePaymentService"
)

THANK_YOU = reverse("checkout:thank-you")
BASKET = reverse("basket:summary")
PAID = "Milestone 1 is not ready to pay: it is paid."
#: An attempt that finds another one charging the milestone, or placing the
#: order of the payment it took.
UNDER_WAY = (
    "A payment for this milestone is under way. Please wait a moment, then look "
    "at your orders before paying again."
)
RECEIVED = (
    "Your payment was received and your order is being completed. You will not "
    "be asked to pay again."
)
#: An attempt that loads the customer's basket once another has frozen or
#: submitted it gets a new, empty one, and Oscar's checkout says so.
EMPTY = "You need to add some items to your basket to checkout"


@pytest.fixture
def gateway(settings):
    return Gateway.install(settings)


@pytest.fixture
def milestone(accepted_proposal):
    return accepted_proposal.milestones.get(number=1)


def browser(user):
    """A new browser session, logged in as ``user``."""
    client = Client()
    client.force_login(user)
    return client


def at_preview(customer, milestone):
    """A browser that pressed Pay for ``milestone`` and walked the checkout."""
    client = browser(customer)
    fill_basket(client, customer, milestone)
    walk_checkout(client)
    return client


def messages_on(client, response):
    """What the page the customer was redirected to says."""
    return [str(m) for m in client.get(response.url).context["messages"]]


def assert_paid_once(milestone, gateway):
    order = Order.objects.get()
    assert gateway.charges == [(order.number, milestone.amount_incl_tax)]
    assert MilestonePayment.objects.get().order == order
    assert Milestone.objects.get(pk=milestone.pk).status == Milestone.PAID
    return order


@pytest.mark.django_db(transaction=True)
def test_twenty_attempts_from_two_sessions_place_one_order_and_charge_once(
    customer, milestone, gateway
):
    first = at_preview(customer, milestone)
    second = browser(customer)  # the customer's one open basket, already filled
    walk_checkout(second)
    attempts = [same_session(second if n % 2 else first) for n in range(20)]

    responses = race(*[lambda c=c: place_order(c) for c in attempts])

    assert [r.status_code for r in responses] == [302] * 20, responses
    assert [r.url for r in responses].count(THANK_YOU) == 1
    order = assert_paid_once(milestone, gateway)
    for client, response in zip(attempts, responses, strict=True):
        if response.url != THANK_YOU:
            assert response.url == BASKET
            assert messages_on(client, response) in (
                [PAID],
                [EMPTY],
                [UNDER_WAY],
                [RECEIVED],
            )
    # The refused attempts left the basket the order was placed from alone.
    assert order.basket.status == Basket.SUBMITTED
    assert order.basket.milestone_locked
    assert order.basket.lines.count() == 1


@pytest.mark.django_db(transaction=True)
def test_sixteen_checkouts_at_once_place_sixteen_orders_with_gapless_invoices(
    vendor, gateway
):
    milestones, browsers = [], []
    for n in range(16):
        customer = factories.make_user(f"customer{n}@example.com")
        proposal = factories.make_proposal(factories.make_project(customer), vendor)
        milestone = (
            factories.ProposalService().accept(proposal).milestones.get(number=1)
        )
        milestones.append(milestone)
        browsers.append(at_preview(customer, milestone))

    responses = race(*[lambda c=c: place_order(c) for c in browsers])

    assert [getattr(r, "url", r) for r in responses] == [THANK_YOU] * 16
    assert Order.objects.count() == 16
    assert len(gateway.charges) == 16
    pattern, year = (
        setting("OSCAR_BIDDING_INVOICE_NUMBER_FORMAT"),
        timezone.localdate().year,
    )
    assert sorted(Order.objects.values_list("bidding_invoice__number", flat=True)) == [
        pattern.format(number=n, year=year) for n in range(1, 17)
    ]
    payments = MilestonePayment.objects.all()
    assert sorted(p.milestone_id for p in payments) == sorted(m.pk for m in milestones)
    assert len({p.order_id for p in payments}) == 16
    assert set(Milestone.objects.filter(number=1).values_list("status", flat=True)) == {
        Milestone.PAID
    }


@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_place_order_places_one_order(customer, milestone, gateway):
    first_click = at_preview(customer, milestone)
    second_click = same_session(first_click)

    responses = race(
        lambda: place_order(first_click), lambda: place_order(second_click)
    )

    assert sorted(r.url for r in responses) == sorted([THANK_YOU, BASKET])
    assert_paid_once(milestone, gateway)


def test_placing_the_order_again_from_the_back_button_places_no_second_order(
    customer, milestone, gateway
):
    client = at_preview(customer, milestone)
    assert place_order(client).url == THANK_YOU
    client.get(THANK_YOU)

    again = place_order(client)  # back to the preview page, Place order again

    assert again.url == BASKET
    assert messages_on(client, again) == [EMPTY]
    assert client.get(reverse("checkout:preview")).url == BASKET
    assert_paid_once(milestone, gateway)


def test_a_second_tab_at_the_preview_cannot_pay_the_milestone_again(
    customer, milestone, gateway
):
    first_tab = at_preview(customer, milestone)
    second_tab = same_session(first_tab)
    assert second_tab.get(reverse("checkout:preview")).status_code == 200

    assert place_order(first_tab).url == THANK_YOU
    refused = place_order(second_tab)

    assert refused.url == BASKET
    assert messages_on(second_tab, refused) == [EMPTY]
    assert_paid_once(milestone, gateway)


# Retries: the same basket, so the same order number.


@pytest.mark.parametrize(
    "failure,message",
    [
        (UnableToTakePayment("Your card was declined."), "Your card was declined."),
        (PaymentError("gateway timeout"), "no payment has been taken"),
    ],
)
def test_a_retry_after_a_failed_payment_places_the_order_charging_once(
    customer, milestone, gateway, failure, message
):
    client = at_preview(customer, milestone)
    gateway.fail_next(failure)

    failed = place_order(client)

    assert failed.status_code == 200
    assert message in failed.content.decode()
    assert not Order.objects.exists()
    # Nothing was taken, nothing to reconcile.
    assert not PaymentAttempt.objects.filter(
        status__in=PaymentAttempt.TO_RECONCILE
    ).exists()

    retry = place_order(client)

    assert retry.url == THANK_YOU
    order = assert_paid_once(milestone, gateway)
    assert order.number == str(100000 + order.basket_id)


def fail_once(monkeypatch, owner, name):
    """``owner.name`` raises on its next call, then works again."""
    original = getattr(owner, name)

    def broken(*args, **kwargs):
        monkeypatch.setattr(owner, name, original)
        raise RuntimeError(f"{name} is broken")

    monkeypatch.setattr(owner, name, broken)


def test_a_retry_after_a_failed_order_placement_uses_the_payment_already_taken(
    customer, milestone, gateway, monkeypatch
):
    client = at_preview(customer, milestone)
    fail_once(monkeypatch, MilestonePaymentService, "record_payment")

    failed = place_order(client)

    assert failed.status_code == 200
    assert "you will not be charged twice" in failed.content.decode()
    assert not Order.objects.exists()
    attempt = PaymentAttempt.objects.get()
    assert attempt.status == PaymentAttempt.CHARGED
    assert gateway.charges == [(attempt.order_number, milestone.amount_incl_tax)]

    retry = place_order(client)

    assert retry.url == THANK_YOU
    order = assert_paid_once(milestone, gateway)
    assert order.number == attempt.order_number
    attempt.refresh_from_db()
    assert (attempt.status, attempt.order) == (PaymentAttempt.PLACED, order)
    assert attempt.date_resolved is not None
    assert attempt.resolution == (
        f"Order {order.number} was placed with this payment when the customer "
        "tried again."
    )


@override_settings(OSCAR_BIDDING_ALL_MILESTONES_READY=True)
def test_a_payment_taken_for_one_milestone_is_not_replaced_by_another(
    customer, proposal, gateway, monkeypatch
):
    """Pay for milestone 2 would empty the basket milestone 1's payment was
    taken for: refused until that order is placed."""
    accepted = factories.ProposalService().accept(proposal)
    first, second = accepted.milestones.order_by("number")
    client = at_preview(customer, first)
    fail_once(monkeypatch, MilestonePaymentService, "record_payment")
    place_order(client)
    attempt = PaymentAttempt.objects.get()

    refused = client.post(reverse("bidding:milestone-pay", kwargs={"pk": second.pk}))

    assert messages_on(client, refused) == [RECEIVED]
    basket = Basket.open.get(owner=customer)
    assert {line.milestone_id for line in basket.all_lines()} == {first.pk}
    assert place_order(client).url == THANK_YOU  # the payment taken places it
    order = Order.objects.get()
    assert gateway.charges == [(order.number, first.amount_incl_tax)]
    attempt.refresh_from_db()
    assert attempt.order == order
