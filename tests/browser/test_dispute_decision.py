"""Staff decide a dispute in a real Chromium: the Refund pop-up takes a
partial amount and a note; the milestone is completed with the refund."""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_class, get_model
from playwright.sync_api import expect

from tests import factories
from tests.checkout import pay_milestone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Milestone = get_model("bidding", "Milestone")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")


@pytest.fixture
def disputed(customer, vendor):
    proposal = factories.ProposalService().accept(
        factories.make_proposal(factories.make_project(customer), vendor)
    )
    first = proposal.milestones.get(number=1)
    pay_milestone(first, customer)
    MilestoneService().deliver(first, "Cabinets fitted.", user=vendor)
    return MilestoneService().dispute(first, "The doors are missing.", user=customer)


def test_staff_refund_part_of_a_disputed_milestone_in_the_pop_up(
    page_as, staff, disputed, refund_gateway
):
    page = page_as(staff)
    page.goto(reverse("bidding_dashboard:dispute-list"))
    expect(page.locator("#dispute-list")).to_contain_text("The doors are missing.")
    page.get_by_role("link", name="Decide", exact=True).click()

    page.locator("#dispute-decision").get_by_role("link", name="Refund").click()
    modal = page.locator("#dispute-refund")
    expect(modal).to_be_visible()
    modal.locator("input[name=amount]").fill("10.00")
    modal.locator("textarea[name=note]").fill("The doors were not fitted.")
    modal.get_by_role("button", name="Refund").click()

    expect(page.locator(".alert-success").first).to_contain_text(
        "Part of the payment is refunded"
    )
    milestone = Milestone.objects.get(pk=disputed.pk)
    assert milestone.status == Milestone.COMPLETED
    assert milestone.payments.get().amount_refunded == Decimal("10.00")
