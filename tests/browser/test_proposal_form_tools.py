"""The proposal form's script in a real Chromium: a rate fills its row, the
running totals follow what the vendor types and equal what is saved, rows are
added without a round trip; and the vendor's pages and the customer's pages of
the seed's flow fit a 390-pixel phone."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_class, get_model
from playwright.sync_api import expect

from tests import factories
from tests.checkout import fill_basket, pay_milestone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Proposal = get_model("bidding", "Proposal")
RateService = get_class("bidding.services.rates", "RateService")


def test_rate_fills_the_row_and_totals_equal_the_saved_proposal(
    page_as, vendor, project
):
    rate = RateService().create(
        vendor.partners.get(),
        "GBP",
        name="Plumbing",
        rate_type="hour",
        price=Decimal("0.05"),
        tax_rate=Decimal("0.5"),
    )
    page = page_as(vendor)
    page.goto(
        reverse("bidding_dashboard:proposal-create", kwargs={"project_pk": project.pk})
    )

    page.fill("#id_milestones-0-title", "Pipes")
    page.select_option("#id_milestones-0-items-0-rate", str(rate.pk))
    expect(page.locator("#id_milestones-0-items-0-description")).to_have_value(
        "Plumbing (per hour)"
    )
    expect(page.locator("#id_milestones-0-items-0-unit_price")).to_have_value("0.05")
    expect(page.locator("#id_milestones-0-items-0-tax_rate")).to_have_value("50.00")
    page.fill("#id_milestones-0-items-0-quantity", "3")
    page.fill("#id_milestones-0-items-0-unit_price", "0.05")  # still editable

    totals = page.locator(".js-proposal-totals")
    # Tax per unit: 50% of £0.05 is £0.025, rounded half up to £0.03; x 3.
    expect(totals.locator(".js-total-excl-tax")).to_have_text("£0.15")
    expect(totals.locator(".js-total-tax")).to_have_text("£0.09")
    expect(totals.locator(".js-total-incl-tax")).to_have_text("£0.24")

    # Adding rows needs no round trip.
    page.get_by_role("button", name="Add milestone item").first.click()
    expect(page.locator("#id_milestones-0-items-2-description")).to_be_visible()
    page.get_by_role("button", name="Add milestone", exact=True).click()
    expect(page.locator("#id_milestones-1-title")).to_be_visible()

    page.get_by_role("button", name="Save draft").click()

    expect(page).to_have_url(re.compile(r"/proposals/[0-9]+/$"))
    proposal = Proposal.objects.get()
    assert (proposal.amount_excl_tax, proposal.tax, proposal.amount_incl_tax) == (
        Decimal("0.15"),
        Decimal("0.09"),
        Decimal("0.24"),
    )


#: Tables running past the right edge of the screen outside a scrolling box.
OVERFLOWING_TABLES = """
[...document.querySelectorAll("table")]
    .filter((table) => !table.closest(".table-responsive"))
    .filter((table) => table.getBoundingClientRect().right > window.innerWidth + 1)
    .map((table) => table.className)
"""


def test_vendors_pages_fit_a_phone(page_as, customer, vendor):
    proposal = factories.make_proposal(factories.make_project(customer), vendor)
    page = page_as(vendor)
    page.set_viewport_size({"width": 390, "height": 844})

    for url in (
        proposal.get_dashboard_url(),
        reverse("bidding_dashboard:proposal-list"),
        reverse("bidding_dashboard:proposal-update", kwargs={"pk": proposal.pk}),
    ):
        page.goto(url)

        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= 390, (url, width)
        # A wide table scrolls in its own box instead of running off the page.
        overflowing = page.evaluate(OVERFLOWING_TABLES)
        assert overflowing == [], (url, overflowing)


def test_customers_seed_flow_pages_fit_a_phone(page_as, settings, customer, vendor):
    """My Projects, the project, Proposal Details with its Payment History, the
    basket and checkout of the next milestone, My Orders and the invoice."""
    settings.OSCAR_BIDDING_ALL_MILESTONES_READY = True
    proposal = factories.ProposalService().accept(
        factories.make_proposal(factories.make_project(customer), vendor)
    )
    order = pay_milestone(proposal.milestones.get(number=1), customer)
    client = Client()
    client.force_login(customer)
    fill_basket(client, customer, proposal.milestones.get(number=2))
    page = page_as(customer)
    page.set_viewport_size({"width": 390, "height": 844})

    for url in (
        reverse("bidding:project-list"),
        proposal.project.get_absolute_url(),
        proposal.get_absolute_url(),
        reverse("basket:summary"),
        reverse("checkout:index"),  # to the first step a milestone needs
        reverse("customer:order-list"),
        reverse("customer:order", kwargs={"order_number": order.number}),
        order.bidding_invoice.get_absolute_url(),
    ):
        page.goto(url)

        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= 390, (url, page.url, width)
        overflowing = page.evaluate(OVERFLOWING_TABLES)
        assert overflowing == [], (url, page.url, overflowing)
