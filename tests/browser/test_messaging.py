"""Messaging in a real Chromium: a vendor asks about an open project from the
dashboard, the customer answers with a file from the project page, the vendor
proposes and finds the question and the answer on the proposal's Messaging
tab; the customer reads the tabs on a 390-px phone."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_question_answer_with_a_file_then_the_proposals_conversation(
    page_as, customer, vendor, tmp_path
):
    project = factories.make_project(customer)
    vendor_page = page_as(vendor)
    customer_page = page_as(customer)

    # The vendor asks from the project's dashboard page.
    vendor_page.goto(reverse("bidding_dashboard:project-detail", args=[project.pk]))
    vendor_page.locator("#id_question_body").fill("Is the wall load-bearing?")
    vendor_page.get_by_role("button", name="Send").click()
    expect(vendor_page.locator(".alert-success").first).to_contain_text(
        "Your message was sent"
    )

    # The customer sees the question, unread, and answers with a file.
    customer_page.goto(project.get_absolute_url())
    expect(customer_page.locator(".project-messages .unread-messages")).to_have_text(
        "1 unread message"
    )
    customer_page.get_by_role("link", name="Questions from vendors").click()
    customer_page.locator(".project-conversations a").first.click()
    expect(customer_page.locator(".message").first).to_contain_text(
        "Is the wall load-bearing?"
    )
    plan = tmp_path / "plan.txt"
    plan.write_text("The wall plan.")
    customer_page.locator("textarea[name=body]").fill("No: see the plan.")
    customer_page.locator("input[name=files]").set_input_files(str(plan))
    customer_page.get_by_role("button", name="Send").click()
    expect(customer_page.locator(".alert-success").first).to_contain_text(
        "Your message was sent"
    )

    # The vendor proposes: the conversation is the proposal's.
    proposal = factories.make_proposal(project, vendor)
    vendor_page.goto(proposal.get_dashboard_url())
    vendor_page.locator(".proposal-tabs").get_by_role("link", name="Messaging").click()
    expect(vendor_page.locator(".message")).to_have_count(2)
    expect(vendor_page.locator(".message-files")).to_contain_text("plan.txt")

    # On a phone, the customer's tabs stay within the screen.
    customer_page.set_viewport_size({"width": 390, "height": 844})
    customer_page.goto(proposal.get_absolute_url())
    customer_page.locator(".proposal-tabs").get_by_role("link", name="Files").click()
    expect(customer_page.locator(".proposal-files")).to_contain_text("plan.txt")
    width = customer_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
