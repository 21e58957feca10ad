"""The seed in a real Chromium: both pop-ups, a full payment, each page after."""

import re
from decimal import Decimal

import pytest
from oscar.core.loading import get_model
from oscar.test.factories import create_product
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")


@pytest.fixture
def book():
    return create_product(
        title="A book about kitchens", price=Decimal("12.00"), num_in_stock=10
    )


@pytest.fixture
def ready_proposal(customer, vendor):
    project = factories.make_project(customer)
    proposal = factories.make_proposal(project, vendor)
    return factories.ProposalService().accept(proposal)


def add_book(page, book):
    page.goto(book.get_absolute_url())
    page.locator("#add_to_basket_form button[type=submit]").click()


def test_customer_pays_a_milestone(page_as, customer, ready_proposal, book):
    page = page_as(customer)
    add_book(page, book)
    expect(page.locator(".alert-success").first).to_contain_text(
        "A book about kitchens"
    )

    # Proposal Details: the milestone ready to pay, with Pay.
    page.goto(ready_proposal.get_absolute_url())
    expect(page.locator("body")).to_contain_text(
        "Milestone 1 (Stage 1) is ready to pay"
    )
    page.get_by_role("link", name="Pay").first.click()

    # The pop-up: paying replaces the basket.
    modal = page.locator("#pay-milestone-1")
    expect(modal).to_be_visible()
    expect(modal).to_contain_text("replace")
    modal.locator("button[type=submit]").click()

    # The basket: only the milestone, with its items, locked.
    expect(page).to_have_url(re.compile(r"/basket/$"))
    expect(page.locator("body")).to_contain_text("Milestone 1: Stage 1")
    expect(page.locator(".milestone-items")).to_contain_text("Work item 1.1")
    expect(page.locator(".milestone-items")).to_contain_text("Work item 1.2")
    expect(page.locator("body")).not_to_contain_text("A book about kitchens")
    expect(page.locator("body")).to_contain_text("cannot be changed")

    # Adding a product asks whether to replace the milestone; going back keeps it.
    add_book(page, book)
    replace = page.locator("#basket-replace")
    expect(replace).to_be_visible()
    replace.get_by_role("button", name="Go back").click()
    expect(replace).to_be_hidden()
    basket = Basket.open.get(owner=customer)
    assert basket.milestone_locked and basket.lines.count() == 1

    # Checkout as usual, with no shipping step.
    page.goto("/checkout/")
    expect(page).to_have_url(re.compile(r"/checkout/payment-details/$"))
    page.locator("#view_preview").click()
    expect(page).to_have_url(re.compile(r"/checkout/preview/$"))
    page.locator("#place-order").click()
    expect(page).to_have_url(re.compile(r"/checkout/thank-you/$"))

    order = Order.objects.get(user=customer)
    assert order.status == "Complete"
    expect(page.locator("body")).to_contain_text(order.number)

    # Proposal Details: Milestones and Payment History updated.
    page.goto(ready_proposal.get_absolute_url())
    invoice = order.bidding_invoice
    history = page.locator("body")
    expect(history).to_contain_text("Payment History")
    expect(history).to_contain_text(invoice.number)
    expect(history).to_contain_text(order.number)
    expect(page.locator("body")).not_to_contain_text(
        "Milestone 1 (Stage 1) is ready to pay"
    )

    # My Orders: the invoice of the order.
    page.goto(f"/accounts/orders/{order.number}/")
    expect(page.locator("body")).to_contain_text(invoice.number)


def test_replacing_the_milestone_with_a_product(
    page_as, customer, ready_proposal, book
):
    page = page_as(customer)
    page.goto(ready_proposal.get_absolute_url())
    page.get_by_role("link", name="Pay").first.click()
    page.locator("#pay-milestone-1 button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/basket/$"))

    add_book(page, book)
    replace = page.locator("#basket-replace")
    expect(replace).to_be_visible()
    replace.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/basket/$"))
    expect(page.locator("body")).to_contain_text("A book about kitchens")
    expect(page.locator("body")).not_to_contain_text("Work item 1.1")
    basket = Basket.open.get(owner=customer)
    assert not basket.milestone_locked
    assert [line.product_id for line in basket.lines.all()] == [book.pk]
