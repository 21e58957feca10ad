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

#: Oscar's header link to the account: "Account 1" while a notification is
#: unread (the new proposal's), and then it opens the notifications inbox.
ACCOUNT = re.compile(r"^Account( \d+)?$")

#: How long a page may take: runserver with DEBUG on, on a busy machine.
PAGE_LOAD = 30_000


def shows(page, text, selector="body"):
    expect(page.locator(selector)).to_contain_text(text, timeout=PAGE_LOAD)


def click(page, name, role="link"):
    page.get_by_role(role, name=name, exact=True).first.click()


def test_seed_flow_on_the_sandbox_with_debug_on(
    sandbox, sandbox_page_as, customer, vendor, accepted_proposal
):
    project = accepted_proposal.project
    page = sandbox_page_as(customer)
    page.set_default_timeout(PAGE_LOAD)

    # Home -> Account -> My Projects -> the project -> Proposal Details.
    page.goto("/")
    shows(page, "Post a project", "header nav")
    click(page, ACCOUNT)
    click(page, "My Projects")
    click(page, project.title)
    page.locator(f'a[href="{accepted_proposal.get_absolute_url()}"]').first.click()
    shows(page, "Milestone 1 (Stage 1) is ready")

    # Pay, confirmed in the pop-up: the basket, then checkout as usual.
    click(page, "Pay")
    modal = page.locator("#pay-milestone-1")
    expect(modal).to_be_visible(timeout=PAGE_LOAD)
    modal.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/basket/$"), timeout=PAGE_LOAD)
    click(page, "Proceed to checkout")
    expect(page).to_have_url(
        re.compile(r"/checkout/payment-details/$"), timeout=PAGE_LOAD
    )
    # The sandbox's demo gateway asks for a card; any number but the declined one.
    page.locator("#id_card_number").fill("4242 4242 4242 4242")
    page.locator("#view_preview").click()
    shows(page, "Work item 1.1", ".milestone-items")
    page.locator("#place-order").click()
    expect(page).to_have_url(re.compile(r"/checkout/thank-you/$"), timeout=PAGE_LOAD)
    order = Order.objects.get(user=customer)
    invoice = order.bidding_invoice
    shows(page, invoice.number, ".milestone-order")

    # My Orders: the list, the order, its invoice.
    click(page, "Continue shopping")
    click(page, ACCOUNT)
    click(page, "Order History")
    click(page, order.number)
    shows(page, "Work item 1.1", ".milestone-items")
    click(page, "View invoice")
    shows(page, invoice.number)

    # The vendor: Oscar's order list and order, then Manage Proposals.
    page = sandbox_page_as(vendor)
    page.set_default_timeout(PAGE_LOAD)
    page.goto("/dashboard/")
    click(page, "Fulfilment", role="button")
    click(page, "Orders")
    click(page, order.number)
    shows(page, "Milestone 1", ".milestone-order")
    click(page, "Marketplace Management", role="button")
    click(page, "Manage Proposals")
    page.locator(f'a[href="{accepted_proposal.get_dashboard_url()}"]').first.click()
    shows(page, invoice.number)
    shows(page, order.number)

    log = sandbox.output()
    assert '"POST /checkout/preview/ HTTP/1.1" 302' in log
    assert "Traceback" not in log
    assert "Internal Server Error" not in log
