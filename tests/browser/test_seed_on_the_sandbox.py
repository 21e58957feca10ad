"""The seed in Chromium against the sandbox as ``make sandbox`` serves it: its
own settings, DEBUG on. From the home page to the vendor's Invoice and Order
numbers, by the links a user clicks, with no server error and no traceback in
the server's log."""

import re

import pytest
from oscar.core.loading import get_model
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Order = get_model("order", "Order")


def click(page, name, role="link"):
    page.get_by_role(role, name=name, exact=True).first.click()


def test_seed_flow_on_the_sandbox_with_debug_on(
    sandbox, sandbox_page_as, customer, vendor, accepted_proposal
):
    project = accepted_proposal.project
    page = sandbox_page_as(customer)

    # Home -> Account -> My Projects -> the project -> Proposal Details.
    page.goto("/")
    click(page, "Account")
    click(page, "My Projects")
    click(page, project.title)
    page.locator(f'a[href="{accepted_proposal.get_absolute_url()}"]').first.click()
    expect(page.locator("body")).to_contain_text("Milestone 1 (Stage 1) is ready")

    # Pay, confirmed in the pop-up: the basket, then checkout as usual.
    click(page, "Pay")
    page.locator("#pay-milestone-1 button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/basket/$"))
    click(page, "Proceed to checkout")
    expect(page).to_have_url(re.compile(r"/checkout/payment-details/$"))
    page.locator("#view_preview").click()
    expect(page.locator("body")).to_contain_text("Stage 1: Work item 1.1")
    page.locator("#place-order").click()
    expect(page).to_have_url(re.compile(r"/checkout/thank-you/$"))
    order = Order.objects.get(user=customer)
    invoice = order.bidding_invoice
    expect(page.locator(".milestone-order")).to_contain_text(invoice.number)

    # My Orders: the list, the order, its invoice.
    click(page, "Continue shopping")
    click(page, "Account")
    click(page, "Order History")
    click(page, order.number)
    expect(page.locator("body")).to_contain_text("Stage 1: Work item 1.1")
    click(page, "View invoice")
    expect(page.locator("body")).to_contain_text(invoice.number)

    # The vendor: Oscar's order list and order, then Manage Proposals.
    page = sandbox_page_as(vendor)
    page.goto("/dashboard/")
    click(page, "Fulfilment", role="button")
    click(page, "Orders")
    click(page, order.number)
    expect(page.locator(".milestone-order")).to_contain_text("Milestone 1")
    click(page, "Marketplace Management", role="button")
    click(page, "Manage Proposals")
    page.locator(f'a[href="{accepted_proposal.get_dashboard_url()}"]').first.click()
    expect(page.locator("body")).to_contain_text(invoice.number)
    expect(page.locator("body")).to_contain_text(order.number)

    log = sandbox.output()
    assert '"POST /checkout/preview/ HTTP/1.1" 302' in log
    assert "Traceback" not in log
    assert "Internal Server Error" not in log
