"""Payment History, invoices (JSON and the PDF) and the audit timeline."""

import pytest
from django.urls import reverse

from tests import factories
from tests.checkout import pay_milestone


@pytest.fixture
def order(accepted, customer):
    return pay_milestone(accepted.milestones.get(number=1), customer)


def test_payment_history_lists_the_paid_milestone(api, customer, order, accepted):
    api.force_authenticate(customer)

    response = api.get(reverse("bidding-api-payments-list"), {"proposal": accepted.pk})

    (payment,) = response.json()["results"]
    assert payment["order_number"] == str(order.number)
    assert payment["invoice_number"] == order.bidding_invoice.number
    assert payment["amount"] == "400.00"
    assert payment["status"] == "paid"
    assert payment["invoice"].endswith(
        reverse(
            "bidding-api-invoices-detail",
            kwargs={"number": order.bidding_invoice.number},
        )
    )


def test_the_vendor_reads_the_invoice_as_json(api, vendor, order):
    invoice = order.bidding_invoice
    api.force_authenticate(vendor)

    response = api.get(
        reverse("bidding-api-invoices-detail", kwargs={"number": invoice.number})
    )

    data = response.json()
    assert data["number"] == invoice.number
    assert data["order_number"] == str(order.number)
    assert data["total_incl_tax"] == "400.00"
    assert len(data["lines"]) == 2


def test_the_customer_downloads_the_invoice_pdf(api, customer, order):
    invoice = order.bidding_invoice
    api.force_authenticate(customer)

    response = api.get(
        reverse("bidding-api-invoices-pdf", kwargs={"number": invoice.number})
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert invoice.number in response["Content-Disposition"]


def test_another_customers_invoice_is_not_found(api, other_customer, order):
    api.force_authenticate(other_customer)
    number = order.bidding_invoice.number

    for name in ("detail", "pdf"):
        response = api.get(
            reverse(f"bidding-api-invoices-{name}", kwargs={"number": number})
        )
        assert response.status_code == 404


def test_the_timeline_lists_every_change_oldest_first(
    api, customer, vendor, order, accepted
):
    api.force_authenticate(customer)

    response = api.get(reverse("bidding-api-timeline-list"), {"proposal": accepted.pk})

    rows = [
        (r["subject"], r["old_status"], r["new_status"])
        for r in response.json()["results"]
    ]
    assert rows == [
        ("proposal", "draft", "submitted"),
        ("proposal", "submitted", "accepted"),
        ("milestone", "pending", "ready_to_pay"),
        ("milestone", "ready_to_pay", "paid"),
    ]


def test_the_customer_does_not_see_the_vendors_drafting(api, customer, vendor, project):
    draft = factories.make_proposal(project, vendor, submit=False)
    url = reverse("bidding-api-timeline-list")

    api.force_authenticate(customer)
    assert api.get(url, {"proposal": draft.pk}).json()["count"] == 0
    api.force_authenticate(vendor)
    assert api.get(url, {"proposal": draft.pk}).json()["count"] == 1
