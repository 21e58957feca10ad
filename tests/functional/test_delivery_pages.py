"""The delivery pages: the vendor marks a milestone ready and delivers it from
the dashboard, the customer answers on Proposal Details; every confirmation is
also a page without JavaScript, and files are served only to the milestone's
people."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from tests.checkout import pay_milestone

Milestone = get_model("bidding", "Milestone")
StatusChange = get_model("bidding", "StatusChange")
MilestoneDeliveryFile = get_model("bidding", "MilestoneDeliveryFile")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")


def url(name, milestone):
    return reverse(name, kwargs={"pk": milestone.pk})


def status(milestone):
    return Milestone.objects.get(pk=milestone.pk).status


@pytest.fixture
def paid(accepted_proposal, customer):
    first = accepted_proposal.milestones.get(number=1)
    pay_milestone(first, customer)
    first.refresh_from_db()
    return first


@pytest.fixture
def delivered(paid, vendor):
    report = SimpleUploadedFile("report.txt", b"All fitted.", "text/plain")
    MilestoneService().deliver(paid, "Cabinets fitted.", files=[report], user=vendor)
    return paid


# The vendor -----------------------------------------------------------------


def test_mark_as_ready_asks_then_makes_the_milestone_payable(
    login, vendor, accepted_proposal
):
    second = accepted_proposal.milestones.get(number=2)
    client = login(vendor)

    confirmation = client.get(url("bidding_dashboard:milestone-ready", second))
    assert confirmation.status_code == 200
    assert "Mark as ready" in confirmation.text
    assert status(second) == Milestone.PENDING

    response = client.post(url("bidding_dashboard:milestone-ready", second))

    assert response.status_code == 302
    assert response.url == accepted_proposal.get_dashboard_url()
    assert status(second) == Milestone.READY_TO_PAY


def test_mark_as_ready_is_not_offered_when_the_shop_makes_milestones_ready(
    settings, login, vendor, accepted_proposal
):
    settings.OSCAR_BIDDING_MILESTONE_READINESS = "automatic"
    second = accepted_proposal.milestones.get(number=2)
    client = login(vendor)

    detail = client.get(accepted_proposal.get_dashboard_url()).text
    assert url("bidding_dashboard:milestone-ready", second) not in detail
    response = client.get(url("bidding_dashboard:milestone-ready", second), follow=True)
    assert "ready to pay by themselves" in response.text
    client.post(url("bidding_dashboard:milestone-ready", second))
    assert status(second) == Milestone.PENDING


def test_the_vendor_delivers_with_a_note_and_a_file(login, vendor, paid):
    client = login(vendor)
    page = client.get(url("bidding_dashboard:milestone-deliver", paid))
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.text

    response = client.post(
        url("bidding_dashboard:milestone-deliver", paid),
        {
            "note": "Cabinets fitted.",
            "files": SimpleUploadedFile(
                "photo.png", b"\x89PNG\r\n\x1a\n...", "image/png"
            ),
        },
    )

    assert response.status_code == 302
    assert status(paid) == Milestone.DELIVERED
    (stored,) = MilestoneDeliveryFile.objects.all()
    assert (stored.name, stored.content_type) == ("photo.png", "image/png")


@pytest.mark.parametrize(
    "data",
    [
        {"note": ""},
        {
            "note": "Fitted.",
            "files": SimpleUploadedFile("x.pdf", b"MZ not a pdf", "application/pdf"),
        },
    ],
    ids=["no note", "a file that is not what it says"],
)
def test_a_bad_delivery_shows_the_form_again_and_changes_nothing(
    login, vendor, paid, data
):
    response = login(vendor).post(
        url("bidding_dashboard:milestone-deliver", paid), data
    )

    assert response.status_code == 200
    assert "is-invalid" in response.text or "error" in response.text
    assert status(paid) == Milestone.PAID
    assert not StatusChange.objects.filter(
        milestone=paid, new_status=Milestone.DELIVERED
    ).exists()


def test_another_vendor_cannot_deliver_or_mark_ready(
    login, other_vendor, paid, accepted_proposal
):
    client = login(other_vendor)
    second = accepted_proposal.milestones.get(number=2)

    assert (
        client.post(
            url("bidding_dashboard:milestone-deliver", paid), {"note": "x"}
        ).status_code
        == 404
    )
    assert (
        client.post(url("bidding_dashboard:milestone-ready", second)).status_code == 404
    )
    assert status(paid) == Milestone.PAID
    assert status(second) == Milestone.PENDING


# The customer ---------------------------------------------------------------


def test_proposal_details_offer_the_answers_to_a_delivery(
    login, customer, delivered, accepted_proposal
):
    content = login(customer).get(accepted_proposal.get_absolute_url()).text

    assert "is delivered: approve it, ask for a revision or open a dispute" in content
    for name in (
        "bidding:milestone-approve",
        "bidding:milestone-request-revision",
        "bidding:milestone-dispute",
    ):
        assert url(name, delivered) in content
    # The timeline shows the vendor's note and the file.
    assert "Cabinets fitted." in content
    file = MilestoneDeliveryFile.objects.get()
    assert reverse("bidding:delivery-file", kwargs={"pk": file.pk}) in content
    assert "report.txt" in content


def test_proposal_details_offer_no_answer_before_a_delivery(
    login, customer, paid, accepted_proposal
):
    content = login(customer).get(accepted_proposal.get_absolute_url()).text

    assert url("bidding:milestone-approve", paid) not in content
    assert "Paid: the vendor delivers it, then you approve the delivery." in content


def test_approve_without_javascript_is_a_page_then_completes(
    login, customer, delivered
):
    client = login(customer)
    page = client.get(url("bidding:milestone-approve", delivered))
    assert page.status_code == 200
    assert "Approve the delivery of milestone 1" in page.text

    response = client.post(url("bidding:milestone-approve", delivered), follow=True)

    assert status(delivered) == Milestone.COMPLETED
    assert "You approved milestone 1: it is completed." in response.text


@pytest.mark.parametrize(
    "name,new_status",
    [
        ("bidding:milestone-request-revision", Milestone.REVISION_REQUESTED),
        ("bidding:milestone-dispute", Milestone.DISPUTED),
    ],
)
def test_a_revision_or_a_dispute_needs_a_reason(
    login, customer, delivered, name, new_status
):
    client = login(customer)
    page = client.get(url(name, delivered))
    assert page.status_code == 200
    assert 'name="reason"' in page.text

    empty = client.post(url(name, delivered), {"reason": " "})
    assert empty.status_code == 200
    assert status(delivered) == Milestone.DELIVERED

    client.post(url(name, delivered), {"reason": "The doors squeak."})
    assert status(delivered) == new_status
    change = StatusChange.objects.filter(milestone=delivered).order_by("pk").last()
    assert change.note == "The doors squeak."


def test_an_answer_the_milestone_refuses_says_why(login, customer, paid):
    response = login(customer).get(url("bidding:milestone-approve", paid), follow=True)

    assert "You cannot approve this milestone: it is paid." in response.text
    login(customer).post(url("bidding:milestone-approve", paid))
    assert status(paid) == Milestone.PAID


@pytest.mark.parametrize(
    "name",
    [
        "bidding:milestone-approve",
        "bidding:milestone-request-revision",
        "bidding:milestone-dispute",
    ],
)
def test_another_customer_and_the_vendor_get_a_404(
    login, other_customer, vendor, delivered, name
):
    for user in (other_customer, vendor):
        response = login(user).post(url(name, delivered), {"reason": "x"})
        assert response.status_code == 404
    assert status(delivered) == Milestone.DELIVERED


def test_delivery_files_go_to_the_milestones_people_only(
    login, customer, vendor, staff, other_customer, other_vendor, delivered
):
    file = MilestoneDeliveryFile.objects.get()
    file_url = reverse("bidding:delivery-file", kwargs={"pk": file.pk})

    for user in (customer, vendor, staff):
        response = login(user).get(file_url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"All fitted."
        assert response["Content-Disposition"].startswith("attachment")
    for user in (other_customer, other_vendor):
        assert login(user).get(file_url).status_code == 404


def queries_of(client, page_url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page_url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("dashboard", [False, True], ids=["customer", "vendor"])
def test_deliveries_and_their_files_cost_the_same_queries_however_many(
    dashboard, login, customer, vendor, delivered, accepted_proposal
):
    client = login(vendor if dashboard else customer)
    page_url = (
        accepted_proposal.get_dashboard_url()
        if dashboard
        else accepted_proposal.get_absolute_url()
    )
    queries_of(client, page_url)  # warm caches (site, content types)
    one = queries_of(client, page_url)
    service = MilestoneService()
    for n in range(5):
        service.request_revision(delivered, f"Again {n}", user=customer)
        files = [
            SimpleUploadedFile(f"report-{n}-{i}.txt", b"Fitted.", "text/plain")
            for i in range(2)
        ]
        service.deliver(delivered, f"Delivery {n}", files=files, user=vendor)

    assert queries_of(client, page_url) == one
    assert "report-4-1.txt" in client.get(page_url).text
