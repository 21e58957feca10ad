"""The customer's projects through the API: post, edit, cancel, complete, and
the vendors' open projects."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from tests import factories

Project = get_model("bidding", "Project")
StatusChange = get_model("bidding", "StatusChange")

IN_TWO_WEEKS = timezone.localdate() + datetime.timedelta(days=14)


def project_data(**fields):
    return {
        "title": "Loft conversion",
        "description": "A bedroom in the loft.",
        "budget": "12000.00",
        "bidding_deadline": IN_TWO_WEEKS.isoformat(),
        **fields,
    }


def test_customer_posts_a_project_with_an_attachment(api, customer):
    api.force_authenticate(customer)
    plan = SimpleUploadedFile("plan.txt", b"two rooms", content_type="text/plain")

    response = api.post(
        reverse("bidding-api-projects-list"),
        {**project_data(), "attachments": [plan]},
        format="multipart",
    )

    assert response.status_code == 201, response.json()
    project = Project.objects.get(customer=customer)
    assert response.json()["id"] == project.pk
    assert response.json()["attachments"][0]["name"] == "plan.txt"
    assert response.json()["actions"] == ["cancel", "edit"]
    assert StatusChange.objects.filter(project=project, new_status="open").exists()


def test_customer_posts_a_project_as_json(api, customer):
    api.force_authenticate(customer)

    response = api.post(
        reverse("bidding-api-projects-list"), project_data(), format="json"
    )

    assert response.status_code == 201, response.json()
    assert response.json()["budget"] == "12000.00"


def test_a_project_in_the_past_is_refused_with_the_forms_message(api, customer):
    api.force_authenticate(customer)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    response = api.post(
        reverse("bidding-api-projects-list"),
        project_data(bidding_deadline=yesterday.isoformat(), title=""),
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["bidding_deadline"] == [
        "The bidding deadline cannot be in the past."
    ]
    assert "title" in response.json()
    assert not Project.objects.exists()


def test_an_attachment_of_a_refused_type_saves_nothing(api, customer):
    api.force_authenticate(customer)
    fake = SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")

    response = api.post(
        reverse("bidding-api-projects-list"),
        {**project_data(), "attachments": [fake]},
        format="multipart",
    )

    assert response.status_code == 400
    assert "attachments" in response.json()
    assert not Project.objects.exists()


def test_customer_edits_an_open_project_in_part(api, customer, project):
    api.force_authenticate(customer)

    response = api.patch(
        reverse("bidding-api-projects-detail", kwargs={"pk": project.pk}),
        {"title": "Kitchen and pantry"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    project.refresh_from_db()
    assert project.title == "Kitchen and pantry"
    assert project.description == "Replace the cabinets and the worktop."


def test_an_awarded_project_cannot_be_edited(api, customer, project, accepted):
    api.force_authenticate(customer)

    response = api.patch(
        reverse("bidding-api-projects-detail", kwargs={"pk": project.pk}),
        {"title": "Changed"},
        format="json",
    )

    assert response.status_code == 409
    assert "awarded" in response.json()["detail"]
    project.refresh_from_db()
    assert project.title == "Kitchen refit"


def test_customer_cancels_a_project(api, customer, project, proposal):
    api.force_authenticate(customer)

    response = api.post(
        reverse("bidding-api-projects-cancel", kwargs={"pk": project.pk})
    )

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    proposal.refresh_from_db()
    assert proposal.status == "rejected"


def test_completing_with_unpaid_milestones_is_refused(api, customer, accepted):
    api.force_authenticate(customer)

    response = api.post(
        reverse("bidding-api-projects-complete", kwargs={"pk": accepted.project_id})
    )

    assert response.status_code == 409
    assert "not paid yet" in response.json()["detail"]


def test_the_list_filters_by_status_and_date(api, customer, project):
    other = factories.make_project(customer, title="Shed")
    factories.ProjectService().cancel(other, user=customer)
    api.force_authenticate(customer)
    url = reverse("bidding-api-projects-list")

    assert [p["id"] for p in api.get(url, {"status": "open"}).json()["results"]] == [
        project.pk
    ]
    assert api.get(url, {"status": "open,cancelled"}).json()["count"] == 2
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert api.get(url, {"date_from": tomorrow.isoformat()}).json()["count"] == 0
    assert api.get(url, {"date_to": tomorrow.isoformat()}).json()["count"] == 2
    assert api.get(url, {"date_from": "yesterday"}).status_code == 400


def test_vendors_read_open_projects_and_customers_none(api, customer, vendor, project):
    api.force_authenticate(vendor)
    url = reverse("bidding-api-open-projects-list")

    assert [p["id"] for p in api.get(url).json()["results"]] == [project.pk]

    api.force_authenticate(customer)
    assert api.get(url).json()["count"] == 0


def test_anonymous_requests_are_refused(api, project):
    response = api.get(reverse("bidding-api-projects-list"))

    assert response.status_code == 403
