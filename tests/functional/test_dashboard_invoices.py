"""The vendor finds a paid proposal by its invoice or order number, goes from
Oscar's dashboard order page to the proposal it paid, and reads the invoice
inside the dashboard."""

import pytest
from django.urls import reverse

from tests import factories
from tests.checkout import pay_milestone


@pytest.fixture
def paid(customer, accepted_proposal):
    """Milestone 1 of ``accepted_proposal`` paid by an order."""
    return pay_milestone(accepted_proposal.milestones.get(number=1), customer)


def invoice_url(invoice):
    return reverse(
        "bidding_dashboard:invoice-detail", kwargs={"number": invoice.number}
    )


def search(client, query):
    response = client.get(reverse("bidding_dashboard:proposal-list"), {"q": query})
    return list(response.context["proposals"])


def test_manage_proposals_finds_a_proposal_by_invoice_or_order_number(
    login, vendor, customer, accepted_proposal, paid
):
    factories.make_proposal(factories.make_project(customer, title="Bath"), vendor)
    client = login(vendor)

    assert search(client, paid.bidding_invoice.number) == [accepted_proposal]
    assert search(client, paid.bidding_invoice.number.lower()) == [accepted_proposal]
    assert search(client, paid.number) == [accepted_proposal]
    assert search(client, "INV-1999-000001") == []


def test_search_by_number_shows_no_other_vendors_proposal(login, other_vendor, paid):
    assert search(login(other_vendor), paid.number) == []


def test_dashboard_order_page_links_the_proposal_and_the_invoice(
    login, vendor, staff, accepted_proposal, paid
):
    order_url = reverse("dashboard:order-detail", kwargs={"number": paid.number})

    for user in (staff, vendor):
        html = login(user).get(order_url).text

        links = html[html.index('class="milestone-order-links"') :]
        assert f'href="{accepted_proposal.get_dashboard_url()}"' in links
        assert f"Proposal #{accepted_proposal.pk}" in links
        assert f'href="{invoice_url(paid.bidding_invoice)}"' in links


def test_invoice_opens_inside_the_dashboard_for_the_vendor_and_staff(
    login, vendor, staff, paid
):
    invoice = paid.bidding_invoice

    for user in (vendor, staff):
        response = login(user).get(invoice_url(invoice))

        assert response.status_code == 200
        assert "oscar_bidding/dashboard/invoice_detail.html" in [
            t.name for t in response.templates
        ]
        assert invoice.number in response.text
        assert reverse("dashboard:index") in response.text  # the dashboard's layout


def test_dashboard_invoice_is_refused_to_other_vendors_and_customers(
    login, other_vendor, customer, client, paid
):
    url = invoice_url(paid.bidding_invoice)

    assert login(other_vendor).get(url).status_code == 404
    assert login(customer).get(url).status_code == 403  # no dashboard access
    client.logout()
    assert "login" in client.get(url)["Location"]
