"""Negotiating before accepting, in a real Chromium: the customer asks a
question on a proposal, the vendor answers with a file, the customer requests
changes, the vendor submits again (accepting the project's terms), and the
customer compares the two proposals and accepts the revised one from there."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model
from playwright.sync_api import expect

from tests import factories

Proposal = get_model("bidding", "Proposal")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ask_answer_request_changes_resubmit_compare_and_accept(
    page_as, customer, vendor, other_vendor, tmp_path
):
    project = factories.make_project(customer, terms="Work on weekdays only.")
    revised = factories.make_proposal(project, vendor, accept_terms=True)
    other = factories.make_proposal(project, other_vendor, accept_terms=True)
    customer_page, vendor_page = page_as(customer), page_as(vendor)

    # The customer asks a question on the proposal's Messaging tab.
    customer_page.goto(reverse("bidding:proposal-messages", args=[revised.pk]))
    customer_page.locator("textarea[name=body]").fill("Can you start in May?")
    customer_page.get_by_role("button", name="Send").click()
    expect(customer_page.locator(".alert-success").first).to_contain_text(
        "Your message was sent"
    )

    # The vendor answers with a file.
    vendor_page.goto(reverse("bidding_dashboard:proposal-messages", args=[revised.pk]))
    expect(vendor_page.locator(".message").first).to_contain_text(
        "Can you start in May?"
    )
    schedule = tmp_path / "schedule.txt"
    schedule.write_text("From 4 to 29 May.")
    vendor_page.locator("textarea[name=body]").fill("Yes: here is the schedule.")
    vendor_page.locator("input[name=files]").set_input_files(str(schedule))
    vendor_page.get_by_role("button", name="Send").click()
    expect(vendor_page.locator(".alert-success").first).to_contain_text(
        "Your message was sent"
    )

    # The customer reads the answer and its file, then requests changes.
    customer_page.goto(reverse("bidding:proposal-messages", args=[revised.pk]))
    expect(customer_page.locator(".message").nth(1)).to_contain_text(
        "here is the schedule"
    )
    expect(customer_page.locator(".message-files")).to_contain_text("schedule.txt")
    customer_page.goto(revised.get_absolute_url())
    customer_page.get_by_role("link", name="Request changes").click()
    changes = customer_page.locator("#request-changes")
    changes.locator("textarea[name=reason]").fill("Start on 11 May instead.")
    changes.get_by_role("button", name="Request changes").click()
    expect(customer_page.get_by_text("Start on 11 May instead.").first).to_be_visible()

    # The vendor submits again, accepting the project's terms.
    vendor_page.goto(revised.get_dashboard_url())
    expect(vendor_page.get_by_text("Start on 11 May instead.").first).to_be_visible()
    vendor_page.get_by_role("link", name="Submit again").click()
    vendor_page.get_by_label("I accept the project's terms and conditions").check()
    vendor_page.get_by_role("button", name="Submit proposal").click()
    expect(vendor_page.locator(".alert-success").first).to_be_visible()

    # The customer compares both proposals and accepts the revised one there.
    customer_page.goto(project.get_absolute_url())
    customer_page.locator(f"#compare-{revised.pk}").check()
    customer_page.locator(f"#compare-{other.pk}").check()
    customer_page.get_by_role("button", name="Compare selected proposals").click()
    comparison = customer_page.locator(".proposal-comparison")
    expect(comparison).to_contain_text(revised.partner.name)
    expect(comparison).to_contain_text(other.partner.name)
    customer_page.locator(f"a[data-target='#accept-proposal-{revised.pk}']").click()
    customer_page.locator(f"#accept-proposal-{revised.pk}").get_by_role(
        "button", name="Accept proposal"
    ).click()
    expect(customer_page.locator(".alert-success").first).to_be_visible()

    revised.refresh_from_db()
    assert revised.status == Proposal.ACCEPTED
    assert revised.accepted_revision == 2
    assert Proposal.objects.get(pk=other.pk).status == Proposal.REJECTED
