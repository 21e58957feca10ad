"""Milestones through the API: Pay fills and locks the API basket as the
storefront's Pay does; the vendor marks ready and delivers; the customer
approves, asks for a revision or disputes."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from tests.checkout import pay_milestone

Basket = get_model("basket", "Basket")
Milestone = get_model("bidding", "Milestone")
StatusChange = get_model("bidding", "StatusChange")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")


def url(milestone, action=None):
    if action is None:
        return reverse("bidding-api-milestones-detail", kwargs={"pk": milestone.pk})
    return reverse(f"bidding-api-milestones-{action}", kwargs={"pk": milestone.pk})


def delivered(accepted, customer, vendor):
    milestone = accepted.milestones.get(number=1)
    pay_milestone(milestone, customer)
    return MilestoneService().deliver(milestone, "Cabinets fitted.", user=vendor)


def test_pay_fills_and_locks_the_basket_with_the_milestone(api, customer, accepted):
    milestone = accepted.milestones.get(number=1)
    api.force_authenticate(customer)

    response = api.post(url(milestone, "pay"))

    assert response.status_code == 200, response.json()
    basket = Basket.open.get(owner=customer)
    assert response.json()["basket"] == basket.pk
    assert response.json()["milestones"] == [milestone.pk]
    assert response.json()["amount"] == "400.00"
    assert basket.milestone_locked
    assert [line.milestone_id for line in basket.lines.all()] == [milestone.pk]


def test_pay_of_a_pending_milestone_is_refused(api, customer, accepted):
    api.force_authenticate(customer)

    response = api.post(url(accepted.milestones.get(number=2), "pay"))

    assert response.status_code == 409
    assert "not ready to pay" in response.json()["detail"]
    assert not Basket.objects.filter(owner=customer, milestone_locked=True).exists()


def test_the_vendor_cannot_pay(api, vendor, accepted):
    api.force_authenticate(vendor)

    response = api.post(url(accepted.milestones.get(number=1), "pay"))

    assert response.status_code == 404


def test_detail_says_what_the_user_may_do(api, customer, vendor, accepted):
    milestone = accepted.milestones.get(number=1)
    api.force_authenticate(customer)
    assert api.get(url(milestone)).json()["actions"] == ["pay"]

    api.force_authenticate(vendor)
    assert api.get(url(milestone)).json()["actions"] == []


def test_vendor_marks_a_milestone_ready(api, vendor, customer, accepted):
    milestone = accepted.milestones.get(number=2)
    api.force_authenticate(vendor)

    response = api.post(url(milestone, "mark-ready"))

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "ready_to_pay"


def test_mark_ready_is_refused_when_the_shop_decides(api, vendor, accepted, settings):
    settings.OSCAR_BIDDING_MILESTONE_READINESS = "automatic"
    api.force_authenticate(vendor)

    response = api.post(url(accepted.milestones.get(number=2), "mark-ready"))

    assert response.status_code == 409
    assert "by themselves" in response.json()["detail"]


def test_vendor_delivers_a_paid_milestone_with_a_file(api, vendor, customer, accepted):
    milestone = accepted.milestones.get(number=1)
    pay_milestone(milestone, customer)
    api.force_authenticate(vendor)
    report = SimpleUploadedFile("report.txt", b"all done", content_type="text/plain")

    response = api.post(
        url(milestone, "deliver"),
        {"note": "Fitted.", "files": [report]},
        format="multipart",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "delivered"
    delivery = milestone.deliveries.get()
    assert [f.name for f in delivery.files.all()] == ["report.txt"]
    assert delivery.status_change.note == "Fitted."


def test_a_delivery_without_a_note_saves_nothing(api, vendor, customer, accepted):
    milestone = accepted.milestones.get(number=1)
    pay_milestone(milestone, customer)
    api.force_authenticate(vendor)

    response = api.post(url(milestone, "deliver"), {"note": ""}, format="json")

    assert response.status_code == 400
    assert response.json()["note"] == ["This field is required."]
    assert Milestone.objects.get(pk=milestone.pk).status == "paid"


def test_customer_approves_a_delivery(api, customer, vendor, accepted):
    milestone = delivered(accepted, customer, vendor)
    api.force_authenticate(customer)

    response = api.post(url(milestone, "approve"), {"note": "Lovely"}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "completed"


def test_customer_asks_for_a_revision_with_a_reason(api, customer, vendor, accepted):
    milestone = delivered(accepted, customer, vendor)
    api.force_authenticate(customer)

    refused = api.post(url(milestone, "request-revision"), {}, format="json")
    response = api.post(
        url(milestone, "request-revision"), {"reason": "A door is missing."}
    )

    assert refused.status_code == 400
    assert refused.json()["reason"] == ["This field is required."]
    assert response.json()["status"] == "revision_requested"
    assert StatusChange.objects.filter(
        milestone=milestone, new_status="revision_requested", note="A door is missing."
    ).exists()


def test_customer_disputes_a_delivery(api, customer, vendor, accepted):
    milestone = delivered(accepted, customer, vendor)
    api.force_authenticate(customer)

    response = api.post(url(milestone, "dispute"), {"reason": "Wrong colour."})

    assert response.json()["status"] == "disputed"


def test_the_vendor_cannot_approve_their_own_delivery(api, customer, vendor, accepted):
    milestone = delivered(accepted, customer, vendor)
    api.force_authenticate(vendor)

    response = api.post(url(milestone, "approve"))

    assert response.status_code == 404
    assert Milestone.objects.get(pk=milestone.pk).status == "delivered"


def test_the_list_filters_by_proposal_and_status(api, customer, accepted):
    api.force_authenticate(customer)
    listing = reverse("bidding-api-milestones-list")

    response = api.get(listing, {"proposal": accepted.pk, "status": "ready_to_pay"})

    assert [m["number"] for m in response.json()["results"]] == [1]
