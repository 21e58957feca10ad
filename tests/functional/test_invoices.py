"""The invoice of a milestone order: page, PDF, who may read it, and My Orders."""

import sys

import pytest
import weasyprint
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.test.factories import create_order

from tests import factories
from tests.checkout import pay_milestone


def make_paid_order(customer, vendor, title="Stage 1", description="Cabinets"):
    """A proposal of one milestone of one taxed item, accepted and paid."""
    proposal = factories.make_taxed_proposal(customer, vendor, title, description)
    return pay_milestone(proposal.milestones.get(), customer)


@pytest.fixture
def invoice(customer, vendor):
    return make_paid_order(customer, vendor).bidding_invoice


def detail_url(invoice):
    return reverse("bidding:invoice-detail", kwargs={"number": invoice.number})


def pdf_url(invoice):
    return reverse("bidding:invoice-pdf", kwargs={"number": invoice.number})


@pytest.fixture
def pdf_html(monkeypatch):
    """The HTML documents WeasyPrint is given, in the order it gets them."""
    documents = []
    real_html = weasyprint.HTML

    def spy(*args, string, **kwargs):
        documents.append(string)
        return real_html(*args, string=string, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", spy)
    return documents


# The page and the PDF --------------------------------------------------------------


def test_invoice_page_shows_number_parties_order_project_lines_and_totals(
    login, customer, invoice
):
    customer.first_name, customer.last_name = "Ann", "Buyer"
    customer.save()

    content = login(customer).get(detail_url(invoice)).content.decode()

    for text in (
        invoice.number,
        invoice.date_created.strftime("%Y"),
        "Vendor One",  # seller
        "Bidding sandbox",  # the shop
        "customer@example.com",  # buyer
        str(invoice.order.number),
        "Kitchen refit",  # project
        "Milestone 1 (Stage 1)",
        "Cabinets",
        "£50.00",  # unit price
        "20%",  # tax rate
        "£30.00",  # tax
        "£180.00",  # line total and total (incl. tax)
        "£150.00",  # total (excl. tax)
    ):
        assert text in content, text


def test_invoice_page_prints_the_invoice_alone_and_links_the_pdf(
    login, customer, invoice
):
    content = login(customer).get(detail_url(invoice)).content.decode()

    assert 'onclick="window.print()"' in content
    assert '<style media="print">' in content
    assert f'href="{pdf_url(invoice)}"' in content


def test_invoice_pdf_is_a_download_named_after_the_invoice_number(
    login, customer, invoice
):
    response = login(customer).get(pdf_url(invoice))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="{invoice.number}.pdf"'
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_invoice_pdf_holds_the_invoice(login, customer, invoice, pdf_html):
    login(customer).get(pdf_url(invoice))

    (html,) = pdf_html
    for text in (invoice.number, "Vendor One", "Cabinets", "20%", "£180.00"):
        assert text in html, text


def test_user_text_is_escaped_on_the_invoice_page_and_in_the_pdf(
    login, customer, vendor, pdf_html
):
    customer.first_name = "<b>Ann</b>"
    customer.save()
    invoice = make_paid_order(
        customer, vendor, title="<i>Stage</i>", description="<script>x()</script>"
    ).bidding_invoice
    client = login(customer)

    page = client.get(detail_url(invoice)).content.decode()
    client.get(pdf_url(invoice))

    for html in (page, pdf_html[0]):
        assert "<script>x()</script>" not in html
        assert "&lt;script&gt;x()&lt;/script&gt;" in html
        assert "&lt;i&gt;Stage&lt;/i&gt;" in html
        assert "&lt;b&gt;Ann&lt;/b&gt;" in html


def test_invoice_pdf_without_weasyprint_says_how_to_install_it(
    monkeypatch, login, customer, invoice
):
    monkeypatch.setitem(sys.modules, "weasyprint", None)

    with pytest.raises(ImproperlyConfigured, match=r"oscar-bidding\[pdf\]"):
        login(customer).get(pdf_url(invoice))


# Who may read an invoice -----------------------------------------------------------


@pytest.mark.parametrize("who", ["customer", "vendor", "staff"])
@pytest.mark.parametrize("url", [detail_url, pdf_url])
def test_customer_vendor_and_staff_read_the_invoice(request, login, invoice, who, url):
    response = login(request.getfixturevalue(who)).get(url(invoice))

    assert response.status_code == 200


@pytest.mark.parametrize("who", ["other_customer", "other_vendor"])
@pytest.mark.parametrize("url", [detail_url, pdf_url])
def test_nobody_else_finds_the_invoice(request, login, invoice, who, url):
    response = login(request.getfixturevalue(who)).get(url(invoice))

    assert response.status_code == 404


def test_anonymous_visitor_is_sent_to_log_in(client, invoice):
    response = client.get(detail_url(invoice))

    assert response.status_code == 302
    assert "login" in response["Location"]


# My Orders -------------------------------------------------------------------------


def order_url(order):
    return reverse("customer:order", kwargs={"order_number": order.number})


def test_order_detail_shows_the_invoice_with_page_and_pdf_links(
    login, customer, invoice
):
    content = login(customer).get(order_url(invoice.order)).content.decode()

    assert f"Invoice <strong>{invoice.number}</strong>" in content
    assert f'href="{detail_url(invoice)}"' in content
    assert f'href="{pdf_url(invoice)}"' in content
    assert "Re-order all items" not in content


def test_order_detail_of_an_ordinary_order_stays_as_in_oscar(login, customer):
    order = create_order(user=customer)

    content = login(customer).get(order_url(order)).content.decode()

    assert "/invoices/" not in content
    assert "Re-order all items" in content


def test_order_list_links_the_invoice_of_milestone_orders(login, customer, invoice):
    ordinary = create_order(user=customer)

    content = login(customer).get(reverse("customer:order-list")).content.decode()

    assert content.count("/invoices/") == 1
    assert f'<a href="{detail_url(invoice)}" title="{invoice.number}">' in content
    assert order_url(ordinary) in content


def test_order_list_reads_the_invoices_in_one_query(login, customer, vendor):
    for title in ("First", "Second", "Third"):
        make_paid_order(customer, vendor, title=title)
    create_order(user=customer)
    client = login(customer)

    with CaptureQueriesContext(connection) as queries:
        content = client.get(reverse("customer:order-list")).content.decode()

    assert content.count("/invoices/") == 3
    invoice_queries = [q for q in queries if 'FROM "bidding_invoice"' in q["sql"]]
    assert len(invoice_queries) == 1
