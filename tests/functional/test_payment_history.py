"""What a payment changes on Proposal Details and in Manage Proposals."""

import pytest
from django.db import connection
from django.template.defaultfilters import date as format_date
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.timezone import localtime
from oscar.core.loading import get_class

from tests import factories
from tests.checkout import pay_milestone

RefundService = get_class("bidding.services.refunds", "RefundService")


def section(content, start, end):
    """The part of a page from the marker ``start`` to the next ``end``."""
    content = content[content.index(start) :]
    return content[: content.index(end)]


def first_milestone(proposal):
    return proposal.milestones.get(number=1)


def refund(order, staff):
    """Staff refund the order; returns the date the pages show."""
    (payment,) = RefundService().refund_order(
        order, staff, "The kitchen was never started."
    )
    return format_date(localtime(payment.date_refunded), "DATE_FORMAT")


@pytest.fixture
def paid(customer, accepted_proposal):
    """Milestone 1 of ``accepted_proposal`` paid by an order."""
    return pay_milestone(first_milestone(accepted_proposal), customer)


# Proposal Details ------------------------------------------------------------------


def test_payment_history_shows_date_milestone_amount_order_and_invoice(
    login, customer, accepted_proposal, paid
):
    invoice = paid.bidding_invoice

    content = login(customer).get(accepted_proposal.get_absolute_url()).content
    history = section(content.decode(), 'id="payment-history"', "</table>")

    order_url = reverse("customer:order", kwargs={"order_number": paid.number})
    assert f'<a href="{order_url}">{paid.number}</a>' in history
    assert f'<a href="{invoice.get_absolute_url()}">{invoice.number}</a>' in history
    assert "Milestone 1 (Stage 1)" in history
    assert "£400.00" in history
    assert '<span class="badge badge-success">Paid</span>' in history
    assert invoice.number.startswith("INV-")


def test_milestones_table_shows_the_amount_paid_and_the_status(
    login, customer, accepted_proposal, paid
):
    content = login(customer).get(accepted_proposal.get_absolute_url()).content
    content = content.decode()

    row = section(content, 'id="milestone-1"', "</tr>")
    assert row.count("£400.00") == 2  # amount and amount paid
    assert "Paid" in row
    totals = section(content, "<tfoot>", "</tfoot>")
    assert "£800.00" in totals
    assert "£400.00" in totals
    assert "is ready to pay" not in content


def test_refunded_payment_shows_who_refunded_it_when_and_why(
    login, customer, staff, accepted_proposal, paid
):
    staff.first_name, staff.last_name = "Sam", "Staff"
    staff.save()
    date = refund(paid, staff)

    content = login(customer).get(accepted_proposal.get_absolute_url()).content
    content = content.decode()

    history = section(content, 'id="payment-history"', "</table>")
    assert '<span class="badge badge-secondary">Refunded</span>' in history
    assert (
        f"Refunded on {date} by Sam Staff: The kitchen was never started."
        in " ".join(history.split())
    )
    assert "Milestone 1 (Stage 1) is ready to pay" in content


def test_payment_history_says_so_before_any_payment(login, customer, accepted_proposal):
    content = login(customer).get(accepted_proposal.get_absolute_url()).content

    assert "No milestone has been paid yet." in content.decode()


@pytest.fixture
def proposals_with_1_and_20_payments(settings, customer, vendor):
    settings.OSCAR_BIDDING_ALL_MILESTONES_READY = True
    proposals = []
    for count in (1, 20):
        proposal = factories.make_proposal(
            factories.make_project(customer), vendor, milestones=count, items=2
        )
        factories.ProposalService().accept(proposal)
        for milestone in proposal.milestones.all():
            pay_milestone(milestone, customer)
        proposals.append(proposal)
    return proposals


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_proposal_details_run_the_same_queries_for_1_or_20_payments(
    login, customer, proposals_with_1_and_20_payments
):
    client = login(customer)
    small, large = proposals_with_1_and_20_payments
    client.get(small.get_absolute_url())  # warm the caches of a running shop

    counts = [count_queries(client, p.get_absolute_url()) for p in (small, large)]

    assert counts[0] == counts[1]
    history = section(
        client.get(large.get_absolute_url()).content.decode(),
        'id="payment-history"',
        "</table>",
    )
    assert history.count("badge-success") == 20


# Manage Proposals (the vendor) -----------------------------------------------------


def test_vendor_sees_invoice_and_order_numbers_of_a_paid_milestone(
    login, vendor, accepted_proposal, paid
):
    invoice = paid.bidding_invoice

    content = login(vendor).get(accepted_proposal.get_dashboard_url()).content
    row = section(content.decode(), "<td>1</td>", "</tr>")

    order_url = reverse("dashboard:order-detail", kwargs={"number": paid.number})
    assert f'<a href="{order_url}">{paid.number}</a>' in row
    # The invoice opens inside the dashboard.
    invoice_url = reverse(
        "bidding_dashboard:invoice-detail", kwargs={"number": invoice.number}
    )
    assert f'<a href="{invoice_url}">{invoice.number}</a>' in row
    assert row.count("£400.00") == 2  # amount and amount paid


def test_vendor_sees_a_refunded_payment_with_who_refunded_it_when_and_why(
    login, vendor, staff, accepted_proposal, paid
):
    date = refund(paid, staff)

    content = login(vendor).get(accepted_proposal.get_dashboard_url()).content
    row = section(content.decode(), "<td>1</td>", "</tr>")

    assert str(paid.number) in row
    assert '<span class="badge badge-secondary">Refunded</span>' in row
    assert (
        f"Refunded on {date} by shop staff: The kitchen was never started."
        in " ".join(row.split())
    )


def test_vendor_proposal_page_runs_the_same_queries_for_1_or_20_payments(
    login, vendor, proposals_with_1_and_20_payments
):
    client = login(vendor)
    small, large = proposals_with_1_and_20_payments
    client.get(small.get_dashboard_url())

    counts = [count_queries(client, p.get_dashboard_url()) for p in (small, large)]

    assert counts[0] == counts[1]
