"""Proposals through the API: the vendor creates, edits, submits and
withdraws; the customer accepts or rejects the version they read."""

import datetime

from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from tests import factories

Proposal = get_model("bidding", "Proposal")
ProposalVersion = get_model("bidding", "ProposalVersion")

IN_A_MONTH = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()


def proposal_data(project, **fields):
    return {
        "project": project.pk,
        "cover_letter": "We fit kitchens.",
        "delivery_days": 20,
        "milestones": [
            {
                "title": "Cabinets",
                "due_date": IN_A_MONTH,
                "items": [
                    {
                        "description": "Cabinet",
                        "quantity": 3,
                        "unit_price": "50.00",
                        "tax_rate": "0.2",
                    },
                    {"description": "Fitting", "quantity": 1, "unit_price": "80.00"},
                ],
            },
            {
                "title": "Worktop",
                "items": [
                    {
                        "description": "Oak worktop",
                        "quantity": 1,
                        "unit_price": "400.00",
                    }
                ],
            },
        ],
        **fields,
    }


def detail(proposal, action=None):
    if action is None:
        return reverse("bidding-api-proposals-detail", kwargs={"pk": proposal.pk})
    return reverse(f"bidding-api-proposals-{action}", kwargs={"pk": proposal.pk})


def test_vendor_submits_a_proposal_with_milestones_and_items(api, vendor, project):
    api.force_authenticate(vendor)

    response = api.post(
        reverse("bidding-api-proposals-list"),
        proposal_data(project, submit=True),
        format="json",
    )

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "submitted"
    assert data["amount_excl_tax"] == "630.00"
    assert data["amount_incl_tax"] == "660.00"
    first, second = data["milestones"]
    assert [i["description"] for i in first["items"]] == ["Cabinet", "Fitting"]
    assert first["items"][0]["tax_rate"] == "0.2000"
    assert second["amount_incl_tax"] == "400.00"


def test_vendor_saves_a_draft_the_customer_does_not_see(api, vendor, customer, project):
    api.force_authenticate(vendor)
    response = api.post(
        reverse("bidding-api-proposals-list"), proposal_data(project), format="json"
    )
    assert response.json()["status"] == "draft"

    api.force_authenticate(customer)
    assert api.get(reverse("bidding-api-proposals-list")).json()["count"] == 0
    assert api.get(detail(Proposal.objects.get())).status_code == 404


def test_bad_milestones_are_refused_with_the_dashboards_messages(api, vendor, project):
    api.force_authenticate(vendor)
    data = proposal_data(project)
    data["milestones"][0]["items"][0]["quantity"] = 0
    data["milestones"][1]["items"] = []

    response = api.post(reverse("bidding-api-proposals-list"), data, format="json")

    assert response.status_code == 400
    errors = response.json()
    first = errors["milestones"][0]["items"][0]
    assert first["quantity"] == ["Ensure this value is greater than or equal to 1."]
    assert errors["non_field_errors"] == ["Milestone 2 has no items."]
    assert not Proposal.objects.exists()


def test_a_proposal_without_milestones_is_refused(api, vendor, project):
    api.force_authenticate(vendor)

    response = api.post(
        reverse("bidding-api-proposals-list"),
        proposal_data(project, milestones=[]),
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [
        "A proposal needs at least one milestone."
    ]


def test_a_customer_cannot_bid(api, customer, project):
    api.force_authenticate(customer)

    response = api.post(
        reverse("bidding-api-proposals-list"), proposal_data(project), format="json"
    )

    assert response.status_code == 404
    assert not Proposal.objects.exists()


def test_editing_a_submitted_proposal_makes_a_version(api, vendor, customer, proposal):
    api.force_authenticate(vendor)

    response = api.put(detail(proposal), proposal_data(proposal.project), format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["version"] == 2
    assert ProposalVersion.objects.filter(proposal=proposal, number=1).exists()
    api.force_authenticate(customer)
    versions = api.get(detail(proposal, "versions")).json()
    assert [v["number"] for v in versions] == [1, 2]  # each submission a revision
    assert versions[0]["summary"]["amount_incl_tax"] == "800.00"


def test_customer_accepts_the_version_they_read(api, customer, proposal):
    api.force_authenticate(customer)

    response = api.post(detail(proposal, "accept"), {"version": 1}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "accepted"
    assert response.json()["milestones"][0]["status"] == "ready_to_pay"


def test_a_decision_on_an_older_version_is_refused(api, customer, vendor, proposal):
    factories.ProposalService().update(
        proposal, factories.milestone_specs(milestones=1), cover_letter="New"
    )
    api.force_authenticate(customer)

    response = api.post(detail(proposal, "accept"), {"version": 1}, format="json")

    assert response.status_code == 409
    assert "Nothing was decided" in response.json()["detail"]
    proposal.refresh_from_db()
    assert proposal.status == "submitted"


def test_a_decision_needs_the_version(api, customer, proposal):
    api.force_authenticate(customer)

    response = api.post(detail(proposal, "reject"), {}, format="json")

    assert response.status_code == 400
    assert "version" in response.json()


def test_customer_rejects_a_proposal(api, customer, proposal):
    api.force_authenticate(customer)

    response = api.post(detail(proposal, "reject"), {"version": 1}, format="json")

    assert response.json()["status"] == "rejected"


def test_vendor_withdraws_and_cannot_accept(api, vendor, proposal):
    api.force_authenticate(vendor)

    assert api.post(detail(proposal, "accept"), {"version": 1}).status_code == 404
    response = api.post(detail(proposal, "withdraw"))

    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert api.post(detail(proposal, "withdraw")).status_code == 409


def test_vendor_submits_a_draft(api, vendor, project):
    draft = factories.make_proposal(project, vendor, submit=False)
    api.force_authenticate(vendor)

    response = api.post(detail(draft, "submit"))

    assert response.json()["status"] == "submitted"


def test_the_list_filters_by_project(api, vendor, customer, proposal):
    other = factories.make_proposal(factories.make_project(customer), vendor)
    api.force_authenticate(vendor)
    url = reverse("bidding-api-proposals-list")

    assert api.get(url).json()["count"] == 2
    response = api.get(url, {"project": other.project_id})
    assert [p["id"] for p in response.json()["results"]] == [other.pk]


def test_customer_requests_changes_to_the_revision_they_read(api, customer, proposal):
    api.force_authenticate(customer)

    response = api.post(
        detail(proposal, "request-changes"),
        {"version": 1, "reason": "Cheaper tiles, please."},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "changes_requested"
    assert proposal.status_changes.last().note == "Cheaper tiles, please."


def test_a_change_request_without_a_reason_is_refused_and_changes_nothing(
    api, customer, proposal
):
    api.force_authenticate(customer)

    response = api.post(
        detail(proposal, "request-changes"), {"version": 1}, format="json"
    )

    assert response.status_code == 400
    assert "reason" in response.json()
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
