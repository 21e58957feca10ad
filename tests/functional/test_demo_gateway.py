"""The sandbox's demo gateway on the payment step: a card number, a declined
card, every charge in its ledger under the attempt's key."""

import json
from pathlib import Path

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests.checkout import fill_basket, walk_checkout

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
Milestone = get_model("bidding", "Milestone")
PaymentAttempt = get_model("bidding", "PaymentAttempt")

PREVIEW = reverse("checkout:preview")
DECLINED = "4000 0000 0000 0002"


@pytest.fixture(autouse=True)
def demo_gateway(settings, tmp_path):
    settings.OSCAR_BIDDING_PAYMENT_GATEWAY = "sandbox.gateway.DemoGateway"
    settings.DEMO_GATEWAY_LEDGER = str(tmp_path / "ledger.jsonl")
    return Path(settings.DEMO_GATEWAY_LEDGER)


@pytest.fixture
def milestone(accepted_proposal):
    return accepted_proposal.milestones.get(number=1)


@pytest.fixture
def at_payment_details(login, customer, milestone):
    client = login(customer)
    fill_basket(client, customer, milestone)
    return client


def charges(ledger):
    if not ledger.exists():
        return []
    return [json.loads(line) for line in ledger.read_text().splitlines()]


def test_the_payment_step_asks_for_a_card_and_says_it_is_a_demo(at_payment_details):
    html = walk_checkout(at_payment_details).text

    assert 'name="card_number"' in html
    assert "DEMO: no real money is taken." in html
    assert "4000 0000 0000 0002 is declined" in html


def test_a_card_number_is_carried_to_place_order_and_charged_once_under_the_key(
    at_payment_details, milestone, demo_gateway
):
    walk_checkout(at_payment_details)
    preview = at_payment_details.post(PREVIEW, {"card_number": "4242 4242 4242 4242"})
    assert preview.status_code == 200
    # Carried in the page, never stored: Place order posts it again.
    assert (
        '<input type="hidden" name="card_number" value="4242 4242 4242 4242"'
        in preview.text
    )

    placed = at_payment_details.post(
        PREVIEW, {"action": "place_order", "card_number": "4242424242424242"}
    )

    assert placed.url == reverse("checkout:thank-you")
    order = Order.objects.get()
    attempt = PaymentAttempt.objects.get()
    assert (attempt.status, attempt.order) == (PaymentAttempt.PLACED, order)
    assert attempt.reference == "demo-charge-1"
    assert charges(demo_gateway) == [
        {
            "kind": "charge",
            "key": attempt.key,
            "reference": "demo-charge-1",
            "amount": "400.00",
            "currency": "GBP",
            "order_number": order.number,
        }
    ]


def test_a_declined_card_leaves_the_basket_locked_and_the_milestone_to_pay(
    at_payment_details, customer, milestone, demo_gateway
):
    walk_checkout(at_payment_details)

    declined = at_payment_details.post(
        PREVIEW, {"action": "place_order", "card_number": DECLINED}
    )

    assert declined.status_code == 200
    assert "Your card was declined (demo card 4000 0000 0000 0002)." in declined.text
    assert 'name="card_number"' in declined.text  # the customer can try another
    assert not Order.objects.exists()
    assert charges(demo_gateway) == []
    assert Milestone.objects.get(pk=milestone.pk).status == Milestone.READY_TO_PAY
    basket = Basket.open.get(owner=customer)
    assert basket.milestone_locked and basket.lines.count() == 1
    assert PaymentAttempt.objects.get().status == PaymentAttempt.DECLINED


def test_a_card_number_that_is_not_one_is_refused_before_any_attempt(
    at_payment_details,
):
    walk_checkout(at_payment_details)

    response = at_payment_details.post(
        PREVIEW, {"action": "place_order", "card_number": "not a card"}
    )

    assert response.status_code == 200
    assert "Enter a card number of 12 to 19 digits." in response.text
    assert not PaymentAttempt.objects.exists()
    assert not Order.objects.exists()
