"""Delivery and approval in a real Chromium: the vendor marks a paid milestone
delivered, the customer asks for a revision in the pop-up, the vendor delivers
again, the customer approves; the timeline shows all four events."""

import pytest
from oscar.core.loading import get_model
from playwright.sync_api import expect

from tests import factories
from tests.checkout import pay_milestone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Milestone = get_model("bidding", "Milestone")


@pytest.fixture
def paid(customer, vendor):
    project = factories.make_project(customer)
    proposal = factories.ProposalService().accept(
        factories.make_proposal(project, vendor)
    )
    first = proposal.milestones.get(number=1)
    pay_milestone(first, customer)
    return first


def deliver(page, milestone, note, label):
    page.goto(milestone.proposal.get_dashboard_url())
    page.get_by_role("link", name=label).click()
    page.locator("textarea[name=note]").fill(note)
    page.get_by_role("button", name="Mark delivered").click()
    expect(page.locator(".alert-success").first).to_contain_text(
        "The milestone is delivered"
    )


def test_deliver_revise_deliver_approve(page_as, customer, vendor, paid, tmp_path):
    vendor_page = page_as(vendor)
    customer_page = page_as(customer)

    # The vendor delivers, with a note and a file.
    vendor_page.goto(paid.proposal.get_dashboard_url())
    vendor_page.get_by_role("link", name="Mark delivered").click()
    vendor_page.locator("textarea[name=note]").fill("Cabinets fitted.")
    report = tmp_path / "report.txt"
    report.write_text("Everything is fitted.")
    vendor_page.locator("input[name=files]").set_input_files(str(report))
    vendor_page.get_by_role("button", name="Mark delivered").click()
    expect(vendor_page.locator(".alert-success").first).to_contain_text(
        "The milestone is delivered"
    )

    # The customer asks for a revision, in the pop-up, with a reason.
    customer_page.goto(paid.proposal.get_absolute_url())
    banner = customer_page.locator("#delivery-1")
    expect(banner).to_contain_text("is delivered")
    banner.get_by_role("link", name="Ask for a revision").click()
    modal = customer_page.locator(f"#revision-milestone-{paid.pk}")
    expect(modal).to_be_visible()
    modal.locator("textarea[name=reason]").fill("The doors squeak.")
    modal.get_by_role("button", name="Ask for a revision").click()
    expect(customer_page.locator(".alert-success").first).to_contain_text(
        "You asked the vendor for a revision of milestone 1."
    )
    assert Milestone.objects.get(pk=paid.pk).status == Milestone.REVISION_REQUESTED

    # The vendor delivers again.
    deliver(vendor_page, paid, "Doors oiled.", "Deliver again")

    # The customer approves, in the pop-up.
    customer_page.goto(paid.proposal.get_absolute_url())
    customer_page.locator("#delivery-1").get_by_role("link", name="Approve").click()
    modal = customer_page.locator(f"#approve-milestone-{paid.pk}")
    expect(modal).to_be_visible()
    modal.get_by_role("button", name="Approve").click()
    expect(customer_page.locator(".alert-success").first).to_contain_text(
        "You approved milestone 1: it is completed."
    )
    assert Milestone.objects.get(pk=paid.pk).status == Milestone.COMPLETED

    # The timeline shows the four events, with their notes and the file.
    timeline = customer_page.locator(".bidding-timeline")
    for text in (
        "Paid → Delivered",
        "Cabinets fitted.",
        "report.txt",
        "Delivered → Revision requested",
        "The doors squeak.",
        "Revision requested → Delivered",
        "Doors oiled.",
        "Delivered → Completed",
    ):
        expect(timeline).to_contain_text(text)
    events = timeline.locator('.timeline-event[data-subject="milestone"]')
    statuses = [
        events.nth(i).get_attribute("data-status") for i in range(events.count())
    ]
    assert statuses[-4:] == [
        Milestone.DELIVERED,
        Milestone.REVISION_REQUESTED,
        Milestone.DELIVERED,
        Milestone.COMPLETED,
    ]
    # The vendor's timeline too.
    vendor_page.goto(paid.proposal.get_dashboard_url())
    expect(vendor_page.locator(".bidding-timeline")).to_contain_text(
        "Delivered → Completed"
    )
