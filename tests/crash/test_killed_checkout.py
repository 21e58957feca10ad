"""A checkout killed with SIGKILL at any step of a milestone payment charges
once or not at all, places one order if it charged, pays the milestone once,
keeps the invoice numbers gapless and leaves staff nothing unexplained.

Each checkout runs in a process of its own (``tests/crash/checkout.py``)
against the test database and the sandbox's demo gateway, whose ledger file
outlives the process: what it holds is what was charged.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from oscar.core.loading import get_model

from oscar_bidding import signals
from oscar_bidding.conf import setting
from tests.checkout import fill_basket, walk_checkout

Order = get_model("order", "Order")
Invoice = get_model("bidding", "Invoice")
Milestone = get_model("bidding", "Milestone")
MilestonePayment = get_model("bidding", "MilestonePayment")
PaymentAttempt = get_model("bidding", "PaymentAttempt")

REPO = Path(__file__).resolve().parents[2]
APPLICATION_NAME = "bidding-killed-checkout"
CARD = "4242424242424242"
RECEIVED = (
    "Your payment was received and your order is being completed. You will not "
    "be asked to pay again."
)
UNDER_WAY = "A payment for this milestone is under way."

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ledger(settings, tmp_path):
    settings.OSCAR_BIDDING_PAYMENT_GATEWAY = "sandbox.gateway.DemoGateway"
    settings.DEMO_GATEWAY_LEDGER = str(tmp_path / "ledger.jsonl")
    return Path(settings.DEMO_GATEWAY_LEDGER)


@pytest.fixture
def browser(client, customer, accepted_proposal):
    """The customer at the preview page of milestone 1, committed."""
    client.force_login(customer)
    fill_basket(client, customer, accepted_proposal.milestones.get(number=1))
    walk_checkout(client)
    return client


def killed_checkout(browser, ledger, step, atomic_requests=False):
    """Place order in another process, killed with SIGKILL at ``step``."""
    url = urlsplit(os.environ["DATABASE_URL"])
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": url._replace(
            path="/" + settings.DATABASES["default"]["NAME"]
        ).geturl(),
        "DEMO_GATEWAY_LEDGER": str(ledger),
        "BIDDING_CRASH_AT": step,
        "BIDDING_SESSION": browser.cookies[settings.SESSION_COOKIE_NAME].value,
        "BIDDING_CARD": CARD,
        "ALLOWED_HOSTS": "testserver",
        "BIDDING_ATOMIC_REQUESTS": "1" if atomic_requests else "",
        # libpq names the killed checkout's session, for the wait below.
        "PGAPPNAME": APPLICATION_NAME,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "-m", "tests.crash.checkout"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == -9, result.stdout + result.stderr
    wait_until_its_database_session_ends()


def wait_until_its_database_session_ends():
    """PostgreSQL ends the killed process's session when it sees the socket
    close: until then its transaction and its claim on the attempt hold.
    Other tests' sessions (a worker, a server) may live on: only its own counts."""
    deadline = time.monotonic() + 30
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND application_name = %s",
                [APPLICATION_NAME],
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.05)
    raise AssertionError("The killed checkout's database session did not end.")


def charges(ledger):
    if not ledger.exists():
        return []
    return [json.loads(line) for line in ledger.read_text().splitlines()]


def retry(browser):
    """The customer comes back: the basket page, then Place order again."""
    basket_page = browser.get(reverse("basket:summary")).text
    response = browser.post(
        reverse("checkout:preview"), {"action": "place_order", "card_number": CARD}
    )
    return basket_page, response


def reconcile():
    call_command("bidding_reconcile_payments", after=0, stdout=open(os.devnull, "w"))


def assert_paid_exactly_once(ledger, accepted_proposal):
    order = Order.objects.get()
    (charge,) = charges(ledger)
    attempt = PaymentAttempt.objects.get(key=charge["key"])
    assert (attempt.status, attempt.order) == (PaymentAttempt.PLACED, order)
    assert (charge["order_number"], charge["amount"]) == (order.number, "400.00")
    milestone = accepted_proposal.milestones.get(number=1)
    assert milestone.status == Milestone.PAID
    assert MilestonePayment.objects.get().order == order
    assert list(Invoice.objects.values_list("number", flat=True)) == [
        setting("OSCAR_BIDDING_INVOICE_NUMBER_FORMAT").format(
            number=1, year=order.bidding_invoice.date_created.year
        )
    ]
    # Nothing is left for a person: every attempt is finished.
    assert not PaymentAttempt.objects.filter(
        status__in=PaymentAttempt.OPEN_STATUSES
    ).exists()
    return attempt


#: Where the checkout dies, what the customer's basket page says when they come
#: back, and whether the order is placed from the payment the killed checkout
#: took (so that its attempt is shown to staff as resolved).
KILLS = {
    signals.BEFORE_ATTEMPT: (None, False),
    signals.ATTEMPT_WRITTEN: (UNDER_WAY, False),
    signals.GATEWAY_CHARGED: (UNDER_WAY, True),
    signals.ORDER_WRITTEN: (RECEIVED, True),
    signals.ORDER_COMMITTED: (None, False),
}


@pytest.mark.parametrize(
    "atomic_requests", [False, True], ids=["", "with ATOMIC_REQUESTS"]
)
@pytest.mark.parametrize("step", KILLS)
def test_a_checkout_killed_then_retried_and_reconciled_charges_once(
    browser, ledger, accepted_proposal, staff, step, atomic_requests
):
    said, paid_by_the_killed_checkout = KILLS[step]

    killed_checkout(browser, ledger, step, atomic_requests)
    basket_page, response = retry(browser)
    reconcile()

    if said:
        assert said in basket_page
    if step == signals.ORDER_COMMITTED:  # placed: the basket is gone
        assert response.url == reverse("basket:summary")
    else:
        assert response.url == reverse("checkout:thank-you")
    attempt = assert_paid_exactly_once(ledger, accepted_proposal)
    browser.force_login(staff)
    shown = list(
        browser.get(reverse("bidding_dashboard:incident-list")).context["attempts"]
    )
    assert shown == ([attempt] if paid_by_the_killed_checkout else [])
    if paid_by_the_killed_checkout:
        assert attempt.resolution == (
            f"Order {attempt.order_number} was placed with this payment when the "
            "customer tried again."
        )


@pytest.mark.parametrize("step", [signals.GATEWAY_CHARGED, signals.ORDER_WRITTEN])
def test_the_reconciliation_places_the_order_of_a_killed_checkout_that_charged(
    browser, ledger, accepted_proposal, step
):
    killed_checkout(browser, ledger, step)
    reconcile()

    attempt = assert_paid_exactly_once(ledger, accepted_proposal)
    assert attempt.resolution == (
        f"Order {attempt.order_number} was placed with this payment by the "
        "reconciliation of payments."
    )
    _basket_page, response = retry(browser)  # the basket is submitted: nothing to pay
    assert response.url == reverse("basket:summary")
    assert len(charges(ledger)) == 1


def test_the_reconciliation_fails_an_attempt_the_gateway_never_charged(
    browser, ledger, accepted_proposal
):
    killed_checkout(browser, ledger, signals.ATTEMPT_WRITTEN)
    reconcile()

    assert PaymentAttempt.objects.get().status == PaymentAttempt.FAILED
    assert charges(ledger) == []
    assert not Order.objects.exists()
    _basket_page, response = retry(browser)  # the basket is still payable
    assert response.url == reverse("checkout:thank-you")
    assert_paid_exactly_once(ledger, accepted_proposal)
