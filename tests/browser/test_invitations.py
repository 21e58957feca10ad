"""Who may bid, in a real Chromium: the customer picks a project type, answers
its questions, makes the project invite-only and invites two of the vendors
offering the type (the list follows the type without a reload); an invited
vendor proposes; a vendor offering the type but not invited gets a 404."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
ProjectType = get_model("bidding", "ProjectType")
ProjectQuestion = get_model("bidding", "ProjectQuestion")
VendorProfile = get_model("bidding", "VendorProfile")


def offering_vendor(email, name, project_type, description):
    user = factories.make_vendor(email, name)
    partner = user.partners.get()
    partner.bidding_project_types.add(project_type)
    VendorProfile.objects.create(partner=partner, description=description)
    return user


def test_customer_invites_two_vendors_one_proposes_an_uninvited_one_gets_404(
    page_as, customer
):
    building = ProjectType.objects.create(name="Building")
    kitchens = ProjectType.objects.create(name="Kitchens", parent=building)
    gardens = ProjectType.objects.create(name="Gardens")
    ProjectQuestion.objects.create(
        project_type=kitchens,
        label="Surface (m²)",
        kind=ProjectQuestion.NUMBER,
        required=True,
    )
    acme = offering_vendor(
        "acme@example.com", "Acme Kitchens", kitchens, "Kitchens since 1990."
    )
    bob = offering_vendor("bob@example.com", "Bob Builds", building, "Anything.")
    carl = offering_vendor("carl@example.com", "Carl Cabinets", kitchens, "Oak.")
    offering_vendor("green@example.com", "Green Thumbs", gardens, "Lawns.")

    # The customer posts the project: type, answer, invite-only, two vendors.
    page = page_as(customer)
    page.goto(reverse("bidding:project-create"))
    page.fill("#id_title", "New kitchen")
    page.fill("#id_description", "Replace the cabinets and the worktop.")
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    page.fill("#id_bidding_deadline", deadline.isoformat())
    page.select_option("#id_project_type", str(kitchens.pk))
    expect(page.get_by_label("Surface (m²)")).to_be_visible()
    invitees = page.locator("#project-invitees")
    expect(invitees).to_contain_text("Kitchens since 1990.")
    expect(invitees).to_contain_text("Bob Builds")
    expect(invitees).not_to_contain_text("Green Thumbs")
    page.get_by_label("Surface (m²)").fill("12.5")
    page.get_by_label("Invite-only: only the vendors I invite").check()
    invitees.get_by_text("Acme Kitchens").click()
    invitees.get_by_text("Bob Builds").click()
    page.get_by_role("button", name="Post project").click()

    expect(page.locator(".alert-success").first).to_contain_text("is posted")
    project = Project.objects.get()
    assert project.invite_only
    assert project.answers.get().value == "12.5"
    invited = page.locator(".project-invitations")
    expect(invited).to_contain_text("Invited vendors")
    expect(invited.locator(".invited-vendors li")).to_have_count(2)
    expect(invited).to_contain_text("Acme Kitchens")
    expect(invited).to_contain_text("Bob Builds")

    # An invited vendor finds it, marked invited, and proposes.
    vendor_page = page_as(acme)
    vendor_page.goto(reverse("bidding_dashboard:project-list"))
    row = vendor_page.locator("tr", has_text="New kitchen")
    expect(row.locator(".project-audience")).to_have_text("invited")
    vendor_page.goto(
        reverse("bidding_dashboard:proposal-create", kwargs={"project_pk": project.pk})
    )
    vendor_page.fill("#id_cover_letter", "We fit kitchens.")
    vendor_page.fill("#id_milestones-0-title", "Cabinets")
    vendor_page.fill("#id_milestones-0-items-0-description", "Oak cabinets")
    vendor_page.fill("#id_milestones-0-items-0-quantity", "2")
    vendor_page.fill("#id_milestones-0-items-0-unit_price", "400.00")
    vendor_page.get_by_role("button", name="Submit proposal").click()
    expect(vendor_page.locator(".alert-success").first).to_be_visible()
    assert Proposal.objects.get().partner == acme.partners.get()

    # A vendor offering the type, not invited: nothing to find.
    other_page = page_as(carl)
    other_page.goto(reverse("bidding_dashboard:project-list"))
    expect(other_page.locator("body")).not_to_contain_text("New kitchen")
    for url in (
        reverse("bidding_dashboard:project-detail", kwargs={"pk": project.pk}),
        reverse("bidding_dashboard:proposal-create", kwargs={"project_pk": project.pk}),
    ):
        response = other_page.goto(url)
        assert response.status == 404, url
    assert bob.partners.get().bidding_invitations.get().project == project
