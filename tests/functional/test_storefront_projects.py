"""My Projects in the customer's account: list, post, edit, cancel, complete, files."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from tests import factories

Project = get_model("bidding", "Project")
ProjectAttachment = get_model("bidding", "ProjectAttachment")
Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(16)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(32)
HTML = "<script>alert('x')</script>"


def in_days(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def project_data(**overrides):
    data = {
        "title": "Garden shed",
        "description": "A timber shed, 3 m by 2 m.",
        "category": "",
        "budget": "1200.00",
        "bidding_deadline": in_days(10),
    }
    data.update(overrides)
    return data


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def set_status(project, status):
    Project.objects.filter(pk=project.pk).update(status=status)


def listed_titles(response):
    return [project.title for project in response.context["projects"]]


# My Projects -------------------------------------------------------------


def test_account_navigation_has_my_projects(login, customer):
    response = login(customer).get(reverse("customer:profile-view"))

    assert reverse("bidding:project-list") in response.content.decode()
    assert "My Projects" in response.content.decode()


def test_my_projects_tab_is_active_on_bidding_pages(login, customer):
    response = login(customer).get(reverse("bidding:project-list"))

    assert response.context["active_tab"] == "projects"
    assert (
        f'href="{reverse("bidding:project-list")}" class="nav-link active"'
        in response.content.decode()
    )


def test_my_projects_lists_only_the_customers_active_projects(
    login, customer, other_customer
):
    factories.make_project(customer, title="Open one")
    set_status(factories.make_project(customer, title="Awarded one"), Project.AWARDED)
    set_status(factories.make_project(customer, title="Done"), Project.COMPLETED)
    factories.make_project(other_customer, title="Someone else's")

    response = login(customer).get(reverse("bidding:project-list"))

    assert sorted(listed_titles(response)) == ["Awarded one", "Open one"]
    assert response.context["tab_counts"] == {"active": 2, "archived": 1}


def test_archive_lists_completed_cancelled_and_closed_projects(login, customer):
    factories.make_project(customer, title="Open one")
    for status in Project.ARCHIVED_STATUSES:
        set_status(factories.make_project(customer, title=status), status)

    response = login(customer).get(reverse("bidding:project-list"), {"archived": 1})

    assert sorted(listed_titles(response)) == sorted(Project.ARCHIVED_STATUSES)


def test_search_matches_title_and_description(login, customer):
    factories.make_project(customer, title="Roof repair", description="Tiles.")
    factories.make_project(customer, title="Fence", description="Replace the roof.")
    factories.make_project(customer, title="Kitchen", description="Cabinets.")

    response = login(customer).get(reverse("bidding:project-list"), {"q": "ROOF"})

    assert sorted(listed_titles(response)) == ["Fence", "Roof repair"]


def test_status_filter(login, customer):
    factories.make_project(customer, title="Open one")
    set_status(factories.make_project(customer, title="Awarded one"), Project.AWARDED)

    response = login(customer).get(
        reverse("bidding:project-list"), {"status": Project.AWARDED}
    )

    assert listed_titles(response) == ["Awarded one"]


def test_status_of_the_other_tab_is_not_a_filter_choice(login, customer):
    factories.make_project(customer)

    response = login(customer).get(
        reverse("bidding:project-list"), {"status": Project.COMPLETED}
    )

    assert response.context["form"].errors["status"]
    assert listed_titles(response) == ["Kitchen refit"]


def test_proposal_count_leaves_out_drafts(login, customer, vendor, other_vendor):
    project = factories.make_project(customer)
    factories.make_proposal(project, vendor)
    factories.make_proposal(project, other_vendor, submit=False)

    response = login(customer).get(reverse("bidding:project-list"))

    assert response.context["projects"][0].num_proposals == 1


@override_settings(OSCAR_BIDDING_PROJECTS_PER_PAGE=2)
def test_my_projects_is_paginated(login, customer):
    for number in range(3):
        factories.make_project(customer, title=f"Project {number}")
    client = login(customer)

    first = client.get(reverse("bidding:project-list"))
    second = client.get(reverse("bidding:project-list"), {"page": 2})

    assert len(listed_titles(first)) == 2
    assert listed_titles(second) == ["Project 0"]


def test_my_projects_runs_the_same_queries_for_1_or_50_projects(
    login, customer, vendor
):
    client = login(customer)
    url = reverse("bidding:project-list")

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    first = factories.make_project(customer)
    factories.make_proposal(first, vendor)
    client.get(url)  # warm the caches that a running shop has warm
    one = count_queries()
    for number in range(49):
        factories.make_project(customer, title=f"Project {number}")

    assert count_queries() == one


# Post and edit --------------------------------------------------------------


def test_post_a_project_with_attachments(login, customer):
    files = [upload("My plan (v2).pdf", PDF), upload("site photo.png", PNG)]

    response = login(customer).post(
        reverse("bidding:project-create"), project_data(attachments=files)
    )

    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert project.customer == customer
    assert project.title == "Garden shed"
    attachments = list(project.attachments.order_by("name"))
    assert [(a.name, a.content_type) for a in attachments] == [
        ("My_plan_v2.pdf", "application/pdf"),
        ("site_photo.png", "image/png"),
    ]
    for attachment in attachments:
        assert attachment.file.name.startswith("bidding/attachments/")
        assert attachment.name not in attachment.file.name


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"bidding_deadline": in_days(-1)}, "cannot be in the past"),
        ({"budget": "-5"}, "cannot be negative"),
        ({"budget": "99.999"}, "at most 2 decimal places"),
        ({"budget": "999999999999"}, "cannot be more than"),
        ({"title": "x" * 256}, "at most 255 characters"),
        ({"description": "x" * 10001}, "at most 10000 characters"),
        ({"title": ""}, "This field is required"),
        ({"attachments": [upload("big.pdf", PDF + b"0" * 100)]}, "is too large"),
        (
            {"attachments": [upload("photo.pdf", PNG)]},
            "does not match its extension",
        ),
        (
            {"attachments": [upload("readme.txt", EXE)]},
            "is not a file type we accept",
        ),
        (
            {"attachments": [upload(f"{n}.pdf", PDF) for n in range(6)]},
            "at most 5 attachments",
        ),
    ],
)
@override_settings(OSCAR_BIDDING_MAX_ATTACHMENT_SIZE=100)
def test_bad_project_input_shows_an_error_and_saves_nothing(
    login, customer, overrides, message
):
    response = login(customer).post(
        reverse("bidding:project-create"), project_data(**overrides)
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Your project was not saved." in response.content.decode()
    assert not Project.objects.exists()
    assert not ProjectAttachment.objects.exists()


def test_html_in_a_project_is_escaped(login, customer):
    project = factories.make_project(customer, title=HTML, description=HTML)
    client = login(customer)

    for url in (reverse("bidding:project-list"), project.get_absolute_url()):
        content = client.get(url).content.decode()
        assert HTML not in content
        assert "&lt;script&gt;" in content


def test_edit_a_project_and_remove_an_attachment(login, customer):
    project = factories.make_project(
        customer, attachments=[upload("old.pdf", PDF), upload("keep.pdf", PDF)]
    )
    old = project.attachments.get(name="old.pdf")

    response = login(customer).post(
        reverse("bidding:project-update", kwargs={"pk": project.pk}),
        project_data(
            title="Bigger shed",
            remove_attachments=[old.pk],
            attachments=[upload("new.pdf", PDF)],
        ),
    )

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Bigger shed"
    assert sorted(project.attachments.values_list("name", flat=True)) == [
        "keep.pdf",
        "new.pdf",
    ]


def test_edit_form_offers_to_remove_existing_attachments(login, customer):
    project = factories.make_project(customer, attachments=[upload("a.pdf", PDF)])

    response = login(customer).get(
        reverse("bidding:project-update", kwargs={"pk": project.pk})
    )

    assert 'name="remove_attachments"' in response.content.decode()
    assert response.context["form"]["title"].value() == "Kitchen refit"


@pytest.mark.parametrize("method", ["get", "post"])
def test_edit_is_refused_once_the_project_is_not_open(
    login, customer, accepted_proposal, method
):
    project = accepted_proposal.project
    url = reverse("bidding:project-update", kwargs={"pk": project.pk})

    response = getattr(login(customer), method)(
        url, project_data(title="Changed"), follow=True
    )

    assert response.redirect_chain == [(project.get_absolute_url(), 302)]
    assert "can no longer be edited" in response.content.decode()
    assert Project.objects.get(pk=project.pk).title == "Kitchen refit"


# Project detail ---------------------------------------------------------------


def test_project_detail_shows_proposals_but_never_drafts(
    login, customer, project, proposal, other_vendor
):
    draft_vendor = factories.make_vendor("drafter@example.com", "Draft Works")
    factories.make_proposal(project, draft_vendor, submit=False)
    factories.ProposalService().decline(
        project, other_vendor.partners.first(), other_vendor, "Too far <away>"
    )

    response = login(customer).get(project.get_absolute_url())

    content = response.content.decode()
    assert "Vendor One" in content
    assert proposal.get_absolute_url() in content
    assert "Draft Works" not in content
    assert response.context["project"].declined_proposals[0].partner.name == (
        "Vendor Two"
    )
    assert "Too far &lt;away&gt;" in content


def test_project_detail_offers_the_actions_of_its_status(
    login, customer, project, accepted_proposal
):
    client = login(customer)
    awarded = client.get(project.get_absolute_url()).content.decode()
    accepted_proposal.milestones.update(status=Milestone.COMPLETED)
    done = client.get(project.get_absolute_url()).content.decode()
    other = factories.make_project(customer)
    open_ = client.get(other.get_absolute_url()).content.decode()

    complete_url = reverse("bidding:project-complete", kwargs={"pk": project.pk})
    assert complete_url not in awarded  # milestones are still unpaid
    assert complete_url in done
    assert reverse("bidding:project-cancel", kwargs={"pk": project.pk}) not in awarded
    assert reverse("bidding:project-update", kwargs={"pk": project.pk}) not in awarded
    assert reverse("bidding:project-cancel", kwargs={"pk": other.pk}) in open_
    assert reverse("bidding:project-update", kwargs={"pk": other.pk}) in open_


# Cancel and complete --------------------------------------------------------


def test_cancel_a_project_by_post(login, customer, project, proposal):
    response = login(customer).post(
        reverse("bidding:project-cancel", kwargs={"pk": project.pk})
    )

    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).status == Project.CANCELLED
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.REJECTED


def test_complete_a_project_by_post(login, customer, accepted_proposal):
    project = accepted_proposal.project
    accepted_proposal.milestones.update(status=Milestone.COMPLETED)

    login(customer).post(reverse("bidding:project-complete", kwargs={"pk": project.pk}))

    assert Project.objects.get(pk=project.pk).status == Project.COMPLETED


@pytest.mark.parametrize(
    "name, status",
    [
        ("bidding:project-cancel", Project.OPEN),
        ("bidding:project-complete", Project.AWARDED),
    ],
)
def test_get_shows_a_confirmation_and_changes_nothing(
    login, customer, accepted_proposal, name, status
):
    accepted_proposal.milestones.update(status=Milestone.COMPLETED)
    project = accepted_proposal.project
    Project.objects.filter(pk=project.pk).update(status=status)
    url = reverse(name, kwargs={"pk": project.pk})

    response = login(customer).get(url)

    assert response.status_code == 200
    assert f'action="{url}"' in response.content.decode()
    assert Project.objects.get(pk=project.pk).status == status


@pytest.mark.parametrize(
    "name, reason",
    [
        ("bidding:project-cancel", "You cannot cancel this project: it is awarded."),
        ("bidding:project-complete", "2 milestone(s) are not paid yet"),
    ],
)
def test_get_of_an_action_the_project_refuses_says_why_instead_of_confirming(
    login, customer, accepted_proposal, name, reason
):
    project = accepted_proposal.project
    url = reverse(name, kwargs={"pk": project.pk})

    response = login(customer).get(url, follow=True)

    assert response.redirect_chain == [(project.get_absolute_url(), 302)]
    assert reason in response.content.decode()
    assert f'action="{url}"' not in response.content.decode()


def test_refused_cancel_is_a_message_and_changes_nothing(
    login, customer, accepted_proposal
):
    project = accepted_proposal.project

    response = login(customer).post(
        reverse("bidding:project-cancel", kwargs={"pk": project.pk}), follow=True
    )

    assert response.redirect_chain == [(project.get_absolute_url(), 302)]
    assert "You cannot cancel this project: it is awarded." in (
        response.content.decode()
    )
    assert Project.objects.get(pk=project.pk).status == Project.AWARDED


# Another customer's objects ---------------------------------------------------


@pytest.mark.parametrize(
    "name, method",
    [
        ("bidding:project-detail", "get"),
        ("bidding:project-update", "get"),
        ("bidding:project-update", "post"),
        ("bidding:project-cancel", "post"),
        ("bidding:project-complete", "post"),
    ],
)
def test_other_customer_gets_404_on_a_project(
    login, other_customer, project, name, method
):
    url = reverse(name, kwargs={"pk": project.pk})

    response = getattr(login(other_customer), method)(url, project_data())

    assert response.status_code == 404
    assert Project.objects.get(pk=project.pk).status == Project.OPEN


# Attachments ---------------------------------------------------------------------


@pytest.fixture
def attachment(customer):
    project = factories.make_project(customer, attachments=[upload("plan.pdf", PDF)])
    return project.attachments.get()


@pytest.mark.parametrize("who", ["customer", "vendor", "staff"])
def test_attachment_is_downloaded_by_those_who_see_the_project(
    request, login, attachment, who
):
    response = login(request.getfixturevalue(who)).get(
        reverse("bidding:attachment-download", kwargs={"pk": attachment.pk})
    )

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_other_customer_gets_404_on_an_attachment(login, other_customer, attachment):
    response = login(other_customer).get(
        reverse("bidding:attachment-download", kwargs={"pk": attachment.pk})
    )

    assert response.status_code == 404
