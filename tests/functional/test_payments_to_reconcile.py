"""Payments to reconcile: staff see the payment attempts that may have taken
money without placing an order, and place the order, or mark them failed or
resolved."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from oscar_bidding.tasks import reconcile_payments
from tests import factories
from tests.checkout import fill_basket, place_order, walk_checkout

Order = get_model("order", "Order")
Milestone = get_model("bidding", "Milestone")
PaymentAttempt = get_model("bidding", "PaymentAttempt")
InvoiceService = get_class("bidding.services.invoices", "InvoiceService")

LIST = reverse("bidding_dashboard:incident-list")


def detail(attempt):
    return reverse("bidding_dashboard:incident-detail", kwargs={"pk": attempt.pk})


@pytest.fixture
def milestone(accepted_proposal):
    return accepted_proposal.milestones.get(number=1)


@pytest.fixture
def attempt(client, customer, milestone):
    """A payment the gateway could not account for, its basket still locked."""
    client.force_login(customer)
    basket = fill_basket(client, customer, milestone)
    return factories.make_payment_to_reconcile(
        customer, [milestone], basket, order_number=str(100000 + basket.pk)
    )


def test_a_payment_taken_for_an_order_not_placed_shows_to_staff(
    client, customer, staff, milestone, monkeypatch
):
    def broken_issue(*args, **kwargs):
        raise RuntimeError("invoice storage is down")

    client.force_login(customer)
    fill_basket(client, customer, milestone)
    walk_checkout(client)
    monkeypatch.setattr(InvoiceService, "issue", broken_issue)
    place_order(client)
    attempt = PaymentAttempt.objects.get()

    client.force_login(staff)
    html = client.get(LIST).text

    row = html[html.index(f"<td>{attempt.order_number}</td>") :]
    for text in (
        "customer@example.com",
        "Milestone 1: Stage 1 (Kitchen refit)",
        "£400.00",
        "RuntimeError: invoice storage is down",
        "To reconcile",
        "Charged, order not placed",
        detail(attempt),
    ):
        assert text in row


@pytest.fixture
def interrupted(client, customer, milestone):
    """A checkout killed after writing its attempt: started, claimed by nobody."""
    client.force_login(customer)
    basket = fill_basket(client, customer, milestone)
    attempt = PaymentAttempt.objects.create(
        basket_id=basket.pk,
        user=customer,
        amount=milestone.amount_incl_tax,
        currency="GBP",
        order_number=str(100000 + basket.pk),
    )
    attempt.milestones.add(milestone)
    return attempt


def test_the_reconciliation_leaves_to_staff_what_the_gateway_cannot_account_for(
    client, staff, interrupted
):
    """Oscar's checkout, the default gateway, cannot say what it charged."""
    out = StringIO()
    call_command("bidding_reconcile_payments", after=0, stdout=out)

    interrupted.refresh_from_db()
    assert interrupted.status == PaymentAttempt.NEEDS_ATTENTION
    assert "the gateway cannot say whether it took the payment" in interrupted.error
    assert f"{interrupted.key} (order {interrupted.order_number})" in out.getvalue()
    assert not Order.objects.exists()
    client.force_login(staff)
    assert list(client.get(LIST).context["attempts"]) == [interrupted]


def test_the_reconciliation_goes_on_past_an_order_it_cannot_place(
    customer, milestone, interrupted
):
    basket_gone = factories.make_payment_to_reconcile(
        customer, [milestone], status=PaymentAttempt.CHARGED, error=""
    )

    call_command("bidding_reconcile_payments", after=0, stdout=StringIO())

    basket_gone.refresh_from_db()
    assert basket_gone.status == PaymentAttempt.NEEDS_ATTENTION
    assert basket_gone.error.startswith("DoesNotExist: ")
    interrupted.refresh_from_db()
    assert interrupted.status == PaymentAttempt.NEEDS_ATTENTION
    assert not Order.objects.exists()


def test_the_reconciliation_leaves_recent_attempts_to_their_checkout(interrupted):
    call_command("bidding_reconcile_payments", stdout=StringIO())  # after 60 s

    interrupted.refresh_from_db()
    assert interrupted.status == PaymentAttempt.STARTED


def test_celery_beat_runs_the_reconciliation_as_a_task(settings, interrupted):
    settings.OSCAR_BIDDING_RECONCILE_AFTER = 0

    assert reconcile_payments.apply().get() == [interrupted.key]
    interrupted.refresh_from_db()
    assert interrupted.status == PaymentAttempt.NEEDS_ATTENTION


def test_payments_that_went_well_are_not_shown_to_staff(
    client, customer, staff, milestone
):
    client.force_login(customer)
    fill_basket(client, customer, milestone)
    walk_checkout(client)
    assert place_order(client).url == reverse("checkout:thank-you")
    assert PaymentAttempt.objects.get().status == PaymentAttempt.PLACED

    client.force_login(staff)

    assert list(client.get(LIST).context["attempts"]) == []


@pytest.mark.parametrize("url", [lambda a: LIST, detail])
def test_vendors_and_customers_cannot_see_payments_to_reconcile(
    client, customer, vendor, attempt, url
):
    for user in (customer, vendor):
        client.force_login(user)
        assert client.get(url(attempt)).status_code == 403


def test_the_page_of_a_payment_shows_all_staff_need_to_reconcile_it(
    client, staff, attempt
):
    client.force_login(staff)
    html = client.get(detail(attempt)).text

    for text in (
        f"Payment for order {attempt.order_number}",
        f"<td>{attempt.basket_id}</td>",
        "customer@example.com",
        "Milestone 1: Stage 1 (Kitchen refit)",
        "£400.00",
        f"<code>{attempt.key}</code>",
        "Needs attention",
        "RuntimeError: the order could not be saved",
        'id="incident_resolve_form"',
        "place the order now",
        "mark it failed",
        "mark it resolved",
    ):
        assert text in html


def test_staff_place_the_order_of_a_payment_taken_without_charging_again(
    client,
    staff,
    customer,
    milestone,
    attempt,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            detail(attempt),
            {"action": "place", "resolution": "The gateway shows the charge."},
            follow=True,
        )

    assert response.redirect_chain == [(LIST, 302)]
    order = Order.objects.get()
    assert (order.number, order.user, order.total_incl_tax) == (
        attempt.order_number,
        customer,
        milestone.amount_incl_tax,
    )
    assert Milestone.objects.get(pk=milestone.pk).status == Milestone.PAID
    attempt.refresh_from_db()
    assert (attempt.status, attempt.order) == (PaymentAttempt.PLACED, order)
    assert attempt.resolution == "The gateway shows the charge."
    assert [m.subject for m in mailoutbox if m.to == [customer.email]] == [
        f"Confirmation of order {order.number}"
    ]


@pytest.mark.parametrize(
    "action, status",
    [("fail", PaymentAttempt.FAILED), ("resolve", PaymentAttempt.RESOLVED)],
)
def test_staff_mark_a_payment_failed_or_resolved_saying_what_they_did(
    client, staff, attempt, action, status
):
    client.force_login(staff)

    response = client.post(
        detail(attempt),
        {"action": action, "resolution": "Refunded through the gateway."},
        follow=True,
    )

    assert response.redirect_chain == [(LIST, 302)]
    assert "The payment is marked reconciled." in response.text
    attempt.refresh_from_db()
    assert attempt.status == status
    assert attempt.resolution == "Refunded through the gateway."
    assert attempt.date_resolved is not None
    assert not Order.objects.exists()
    assert "Resolved" in response.text
    assert 'id="incident_resolve_form"' not in client.get(detail(attempt)).text


def test_resolving_without_saying_how_changes_nothing(client, staff, attempt):
    client.force_login(staff)

    response = client.post(detail(attempt), {"action": "resolve", "resolution": " "})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "resolution": ["This field is required."]
    }
    attempt.refresh_from_db()
    assert (attempt.status, attempt.resolution, attempt.date_resolved) == (
        PaymentAttempt.NEEDS_ATTENTION,
        "",
        None,
    )


def test_a_resolved_payment_is_not_resolved_again(client, staff, attempt):
    client.force_login(staff)
    client.post(detail(attempt), {"action": "resolve", "resolution": "Refunded."})

    response = client.post(
        detail(attempt), {"action": "fail", "resolution": "Again."}, follow=True
    )

    assert "This payment is already reconciled." in response.text
    attempt.refresh_from_db()
    assert (attempt.status, attempt.resolution) == (
        PaymentAttempt.RESOLVED,
        "Refunded.",
    )


@override_settings(OSCAR_BIDDING_DASHBOARD_ITEMS_PER_PAGE=50)
def test_payments_to_reconcile_run_the_same_queries_for_1_or_50_payments(
    client, staff, customer, attempt
):
    client.force_login(staff)

    def count_queries():
        client.get(LIST)  # warm the caches of a running shop
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST)
        assert response.status_code == 200
        return len(queries), len(response.context["attempts"])

    one = count_queries()
    milestones = list(attempt.milestones.all())
    for number in range(49):
        factories.make_payment_to_reconcile(
            customer, milestones, order_number=str(200000 + number)
        )
    fifty = count_queries()

    assert (one[1], fifty[1]) == (1, 50)
    assert fifty[0] == one[0]
