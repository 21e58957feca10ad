"""Payments to reconcile: staff see the payments taken for orders that were not
placed, and mark them resolved."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_class, get_model
from oscar.core.prices import Price

from tests.checkout import fill_basket, place_order, walk_checkout

PaymentIncident = get_model("bidding", "PaymentIncident")
InvoiceService = get_class("bidding.services.invoices", "InvoiceService")
PaymentIncidentService = get_class(
    "bidding.services.incidents", "PaymentIncidentService"
)

LIST = reverse("bidding_dashboard:incident-list")


def detail(incident):
    return reverse("bidding_dashboard:incident-detail", kwargs={"pk": incident.pk})


@pytest.fixture
def milestone(accepted_proposal):
    return accepted_proposal.milestones.get(number=1)


@pytest.fixture
def incident(client, customer, milestone):
    """What checkout records when the order fails after the payment."""
    client.force_login(customer)
    basket = fill_basket(client, customer, milestone)
    return PaymentIncidentService().record(
        "100042",
        basket,
        customer,
        Price("GBP", Decimal("400.00"), incl_tax=Decimal("400.00")),
        RuntimeError("invoice storage is down"),
    )


def broken_issue(*args, **kwargs):
    raise RuntimeError("invoice storage is down")


def test_a_payment_taken_for_an_order_not_placed_shows_to_staff(
    client, customer, staff, milestone, monkeypatch
):
    client.force_login(customer)
    fill_basket(client, customer, milestone)
    walk_checkout(client)
    monkeypatch.setattr(InvoiceService, "issue", broken_issue)
    place_order(client)
    incident = PaymentIncident.objects.get()

    client.force_login(staff)
    html = client.get(LIST).text

    row = html[html.index(f"<td>{incident.order_number}</td>") :]
    for text in (
        "customer@example.com",
        "Milestone 1: Stage 1 (Kitchen refit)",
        "£400.00",
        "RuntimeError: invoice storage is down",
        "To reconcile",
        detail(incident),
    ):
        assert text in row


def test_a_payment_to_reconcile_is_kept_with_atomic_requests(
    client, customer, milestone, monkeypatch
):
    """Oscar's sandbox sets ``ATOMIC_REQUESTS``; the docs say it may stay."""
    monkeypatch.setitem(connection.settings_dict, "ATOMIC_REQUESTS", True)
    client.force_login(customer)
    fill_basket(client, customer, milestone)
    walk_checkout(client)

    with monkeypatch.context() as broken:
        broken.setattr(InvoiceService, "issue", broken_issue)
        assert place_order(client).status_code == 200
    assert PaymentIncident.objects.get().date_resolved is None

    assert place_order(client).status_code == 302
    assert PaymentIncident.objects.get().date_resolved is not None


@pytest.mark.parametrize("url", [lambda i: LIST, detail])
def test_vendors_and_customers_cannot_see_payments_to_reconcile(
    client, customer, vendor, incident, url
):
    for user in (customer, vendor):
        client.force_login(user)
        assert client.get(url(incident)).status_code == 403


def test_the_page_of_a_payment_shows_all_staff_need_to_reconcile_it(
    client, staff, incident
):
    client.force_login(staff)
    html = client.get(detail(incident)).text

    for text in (
        "Payment for order 100042",
        f"<td>{incident.basket_id}</td>",
        "customer@example.com",
        "Milestone 1: Stage 1 (Kitchen refit)",
        "£400.00",
        "RuntimeError: invoice storage is down",
        'id="incident_resolve_form"',
    ):
        assert text in html


def test_staff_mark_a_payment_resolved_saying_what_they_did(client, staff, incident):
    client.force_login(staff)

    response = client.post(
        detail(incident), {"resolution": "Refunded through the gateway."}, follow=True
    )

    assert response.redirect_chain == [(LIST, 302)]
    assert "The payment is marked reconciled." in response.text
    incident.refresh_from_db()
    assert incident.resolution == "Refunded through the gateway."
    assert incident.date_resolved is not None
    assert "Resolved" in response.text
    assert 'id="incident_resolve_form"' not in client.get(detail(incident)).text


def test_resolving_without_saying_how_changes_nothing(client, staff, incident):
    client.force_login(staff)

    response = client.post(detail(incident), {"resolution": "  "})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "resolution": ["This field is required."]
    }
    incident.refresh_from_db()
    assert (incident.resolution, incident.date_resolved) == ("", None)


def test_a_resolved_payment_is_not_resolved_again(client, staff, incident):
    PaymentIncidentService().resolve(incident, "Refunded.")
    client.force_login(staff)

    response = client.post(detail(incident), {"resolution": "Again."}, follow=True)

    assert "This payment is already reconciled." in response.text
    incident.refresh_from_db()
    assert incident.resolution == "Refunded."


@override_settings(OSCAR_BIDDING_DASHBOARD_ITEMS_PER_PAGE=50)
def test_payments_to_reconcile_run_the_same_queries_for_1_or_50_payments(
    client, staff, customer, incident
):
    basket = fill_basket(client, customer, incident.milestones.get())
    client.force_login(staff)

    def count_queries():
        client.get(LIST)  # warm the caches of a running shop
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST)
        assert response.status_code == 200
        return len(queries), len(response.context["incidents"])

    one = count_queries()
    for number in range(49):
        PaymentIncidentService().record(
            str(200000 + number),
            basket,
            customer,
            Price("GBP", Decimal("400.00"), incl_tax=Decimal("400.00")),
            RuntimeError("down"),
        )
    fifty = count_queries()

    assert (one[1], fifty[1]) == (1, 50)
    assert fifty[0] == one[0]
