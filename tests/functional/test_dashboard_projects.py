import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from tests import factories

Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")


def url(name, **kwargs):
    return reverse(f"bidding_dashboard:{name}", kwargs=kwargs)


def test_dashboard_menu_shows_marketplace_management_to_vendors(login, vendor):
    html = login(vendor).get(reverse("dashboard:index")).text

    menu = html[html.index("Marketplace Management") :]
    assert '<h6 class="dropdown-header">' in menu
    for label in ("Bidding Management", "Open Projects", "Manage Proposals"):
        assert label in menu
    assert f'class="dropdown-item" href="{url("project-list")}"' in menu
    assert f'class="dropdown-item" href="{url("proposal-list")}"' in menu


def test_open_projects_lists_only_open_projects_before_their_deadline(
    login, vendor, customer
):
    open_project = factories.make_project(customer, title="Open one")
    factories.ProjectService().cancel(factories.make_project(customer, title="Gone"))
    expired = factories.make_project(customer, title="Expired")
    Project.objects.filter(pk=expired.pk).update(
        bidding_deadline=timezone.localdate() - datetime.timedelta(days=1)
    )

    response = login(vendor).get(url("project-list"))

    assert list(response.context["projects"]) == [open_project]


def test_open_projects_show_customer_first_name_but_not_email(login, vendor, customer):
    customer.first_name, customer.last_name = "Alice", "Smith"
    customer.save()
    factories.make_project(customer)

    html = login(vendor).get(url("project-list")).text

    assert "Alice" in html
    assert "Smith" not in html
    assert customer.email not in html


def test_open_projects_count_proposals_and_link_the_vendors_answer(
    login, vendor, other_vendor, project
):
    own = factories.make_proposal(project, vendor)
    factories.make_proposal(project, other_vendor)

    response = login(vendor).get(url("project-list"))

    (row,) = response.context["projects"]
    assert row.num_proposals == 2
    assert row.own_proposals == [own]
    assert own.get_dashboard_url() in response.text


def test_search_finds_a_project_by_a_word_of_its_description(
    login, vendor, customer, search_index
):
    oak = factories.make_project(
        customer, title="Kitchen", description="Cabinets in solid oak, please."
    )
    factories.make_project(customer, title="Bathroom", description="New tiles.")

    response = login(vendor).get(url("project-list"), {"q": "oak"})

    assert list(response.context["projects"]) == [oak]


def test_search_does_not_show_a_stale_hit(login, vendor, customer, search_index):
    project = factories.make_project(customer, description="Walnut shelves.")
    # Changed without saving the model: the index still says "open".
    Project.objects.filter(pk=project.pk).update(status=Project.CANCELLED)

    response = login(vendor).get(url("project-list"), {"q": "walnut"})

    assert list(response.context["projects"]) == []


@pytest.mark.parametrize("query", ['"(', "title:oak AND", "[a TO"])
def test_search_accepts_query_syntax_characters(
    login, vendor, customer, search_index, query
):
    factories.make_project(customer, description="Oak.")

    response = login(vendor).get(url("project-list"), {"q": query})

    assert response.status_code == 200


def test_project_detail_shows_description_attachments_and_actions(
    login, vendor, customer
):
    project = factories.make_project(
        customer,
        description="Two walls of cabinets.",
        attachments=[
            SimpleUploadedFile("plan.txt", b"plan", content_type="text/plain")
        ],
    )
    attachment = project.attachments.get()

    html = login(vendor).get(url("project-detail", pk=project.pk)).text

    assert "Two walls of cabinets." in html
    assert reverse("bidding:attachment-download", kwargs={"pk": attachment.pk}) in html
    assert url("proposal-create", project_pk=project.pk) in html
    assert url("project-decline", project_pk=project.pk) in html


def test_answered_project_offers_the_proposal_instead_of_a_new_one(
    login, vendor, proposal
):
    html = login(vendor).get(url("project-detail", pk=proposal.project_id)).text

    assert proposal.get_dashboard_url() in html
    assert url("proposal-create", project_pk=proposal.project_id) not in html


def test_vendor_declines_to_bid_with_a_reason(login, vendor, project):
    client = login(vendor)

    page = client.get(url("project-decline", project_pk=project.pk))
    response = client.post(
        url("project-decline", project_pk=project.pk), {"reason": "Fully booked."}
    )

    assert page.status_code == 200
    assert response.url == url("project-list")
    declined = Proposal.objects.get()
    assert declined.status == Proposal.DECLINED
    assert declined.decline_reason == "Fully booked."
    assert declined.partner == vendor.partners.get()


def test_declining_needs_a_reason(login, vendor, project):
    response = login(vendor).post(
        url("project-decline", project_pk=project.pk), {"reason": "  "}
    )

    assert "This field is required." in response.text
    assert not Proposal.objects.exists()


def test_vendor_with_several_partners_declines_for_the_chosen_one(
    login, vendor, project
):
    second = factories.Partner.objects.create(name="Vendor One North")
    second.users.add(vendor)
    client = login(vendor)

    missing = client.post(
        url("project-decline", project_pk=project.pk), {"reason": "Too far."}
    )
    client.post(
        url("project-decline", project_pk=project.pk),
        {"reason": "Too far.", "partner": second.pk},
    )

    assert "This field is required." in missing.text
    assert Proposal.objects.get().partner == second


def test_vendor_cannot_decline_for_another_vendors_partner(
    login, vendor, other_vendor, project
):
    second = factories.Partner.objects.create(name="Vendor One North")
    second.users.add(vendor)

    login(vendor).post(
        url("project-decline", project_pk=project.pk),
        {"reason": "Too far.", "partner": other_vendor.partners.get().pk},
    )

    assert not Proposal.objects.exists()


def test_customer_is_refused_by_the_dashboard(login, customer, project):
    response = login(customer).get(url("project-list"))

    assert response.status_code == 403


def test_anonymous_user_is_sent_to_the_dashboard_login(client, project):
    response = client.get(url("project-detail", pk=project.pk))

    assert response.status_code == 302
    assert response.url.startswith(reverse("dashboard:login"))


def test_cancelled_project_not_answered_is_not_found(login, vendor, project):
    factories.ProjectService().cancel(project)

    response = login(vendor).get(url("project-detail", pk=project.pk))

    assert response.status_code == 404


def test_customer_html_is_escaped_on_project_pages(login, vendor, customer):
    project = factories.make_project(
        customer,
        title="<script>alert(1)</script>",
        description='<img src="x" onerror="alert(2)">',
    )
    client = login(vendor)

    for page in (
        url("project-list"),
        url("project-detail", pk=project.pk),
        url("proposal-create", project_pk=project.pk),
        url("project-decline", project_pk=project.pk),
    ):
        html = client.get(page).text
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<img src" not in html


def test_open_projects_queries_do_not_grow_with_rows(
    login, vendor, other_vendor, customer, settings
):
    settings.OSCAR_BIDDING_DASHBOARD_ITEMS_PER_PAGE = 100
    client = login(vendor)

    def add_project():
        project = factories.make_project(customer)
        factories.make_proposal(project, vendor, 1, 1)
        factories.make_proposal(project, other_vendor, 1, 1)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url("project-list"))
        return len(response.context["projects"]), len(captured)

    add_project()
    rows_one, one = queries()
    for _ in range(49):
        add_project()
    rows_fifty, fifty = queries()

    assert (rows_one, rows_fifty) == (1, 50)
    assert fifty == one
