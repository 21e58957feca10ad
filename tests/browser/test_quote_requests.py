"""Quote requests in a real Chromium: a customer asks for a quote on two
products from their pages, posts it, and the vendor stocking them finds their
proposal form started with the products at their prices."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model
from oscar.test.factories import create_product
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Basket = get_model("basket", "Basket")
Project = get_model("bidding", "Project")
ProjectType = get_model("bidding", "ProjectType")
ProjectQuestion = get_model("bidding", "ProjectQuestion")
QuotableProductClass = get_model("bidding", "QuotableProductClass")


def test_customer_requests_a_quote_and_the_stocking_vendors_form_starts_with_it(
    page_as, customer, vendor, other_vendor
):
    bathroom = ProjectType.objects.create(name="Bathroom fittings")
    ProjectQuestion.objects.create(
        project_type=bathroom, label="Rooms", kind="number", required=True
    )
    partner = vendor.partners.get()
    bath = create_product(
        title="Clawfoot bath",
        product_class="Bathroom",
        partner_name=partner.name,
        price=Decimal("850.00"),
        num_in_stock=3,
    )
    basin = create_product(
        title="Stone basin",
        product_class="Bathroom",
        partner_name=partner.name,
        price=Decimal("120.50"),
        num_in_stock=9,
    )
    QuotableProductClass.objects.create(
        product_class=bath.product_class, project_type=bathroom
    )
    page = page_as(customer)

    page.goto(bath.get_absolute_url())
    page.locator("#quote_form").get_by_label("Quantity").fill("1")
    page.locator("#quote_form").get_by_label("Note").fill("Cast iron")
    page.get_by_role("button", name="Request a quote").click()
    expect(page.locator(".quote-line")).to_have_count(1)
    page.goto(basin.get_absolute_url())
    page.locator("#quote_form").get_by_label("Quantity").fill("2")
    page.get_by_role("button", name="Request a quote").click()
    expect(page.locator(".quote-line")).to_have_count(2)
    page.get_by_role("button", name="Continue").click()

    expect(page.locator(".quote-products")).to_contain_text("2 × Stone basin")
    expect(page.locator("#id_title")).to_have_value("Quote: Clawfoot bath, Stone basin")
    deadline = timezone.localdate() + datetime.timedelta(days=7)
    page.fill("#id_bidding_deadline", deadline.isoformat())
    page.get_by_label("Rooms").fill("2")
    page.get_by_role("button", name="Request the quote").click()

    expect(page.locator(".quote-items")).to_contain_text("Cast iron")
    project = Project.objects.get()
    assert project.project_type == bathroom
    assert not Basket.objects.filter(owner=customer, lines__isnull=False).exists()

    vendor_page = page_as(vendor)
    vendor_page.goto(
        reverse("bidding_dashboard:proposal-create", kwargs={"project_pk": project.pk})
    )
    prefix = "#id_milestones-0-items"
    expect(vendor_page.locator("#id_milestones-0-title")).to_have_value(
        "Quoted products"
    )
    expect(vendor_page.locator(f"{prefix}-0-description")).to_have_value(
        "Clawfoot bath"
    )
    expect(vendor_page.locator(f"{prefix}-0-unit_price")).to_have_value("850.00")
    expect(vendor_page.locator(f"{prefix}-1-description")).to_have_value("Stone basin")
    expect(vendor_page.locator(f"{prefix}-1-quantity")).to_have_value("2")
    expect(vendor_page.locator(f"{prefix}-1-unit_price")).to_have_value("120.50")
    vendor_page.locator(f"{prefix}-0-unit_price").fill("800.00")
    vendor_page.get_by_role("button", name="Submit proposal").click()

    expect(vendor_page.locator("body")).to_contain_text("the customer can read it")
    proposal = project.proposals.get()
    assert [
        (item.description, item.quantity, item.unit_price)
        for item in proposal.milestones.get().items.all()
    ] == [
        ("Clawfoot bath", 1, Decimal("800.00")),
        ("Stone basin", 2, Decimal("120.50")),
    ]
