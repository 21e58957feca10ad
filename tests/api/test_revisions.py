"""The revisions of a proposal through the API, as the Revisions pages show
them: each submission, newest first, with what changed from the one before."""

from decimal import Decimal

from django.urls import reverse
from oscar.core.loading import get_model

from tests import factories

ProposalVersion = get_model("bidding", "ProposalVersion")

service = factories.ProposalService()


def revise(proposal, customer, vendor, unit_price=Decimal("150")):
    service.request_changes(proposal, "Cheaper tiles, please.", user=customer)
    specs = factories.milestone_specs(milestones=1, items=1, unit_price=unit_price)
    service.update(proposal, specs, user=vendor, cover_letter="Cheaper now.")
    return service.submit(proposal, user=vendor)


def test_the_customer_reads_each_revision_with_what_changed(
    api, customer, vendor, proposal
):
    revise(proposal, customer, vendor)
    api.force_authenticate(customer)

    page = api.get(reverse("bidding-api-revisions-list"), {"proposal": proposal.pk})

    assert page.status_code == 200
    rows = page.json()["results"]
    assert [r["number"] for r in rows] == [2, 1]
    latest, first = rows
    assert first["comparison"] is None
    assert latest["comparison"]["changed"] is True
    assert latest["comparison"]["cover_letter_changed"] is True
    assert latest["comparison"]["total_before"] == "800.00"
    assert latest["comparison"]["total_after"] == "300.00"
    assert {m["change"] for m in latest["comparison"]["milestones"]} == {
        "changed",
        "removed",
    }
    assert latest["summary"]["cover_letter"] == "Cheaper now."


def test_a_revision_in_detail_compares_with_the_one_before(
    api, customer, vendor, proposal
):
    revise(proposal, customer, vendor)
    second = ProposalVersion.objects.get(proposal=proposal, number=2)
    api.force_authenticate(vendor)

    response = api.get(
        reverse("bidding-api-revisions-detail", kwargs={"pk": second.pk})
    )

    assert response.status_code == 200
    assert response.json()["proposal"] == proposal.pk
    assert response.json()["comparison"]["total_after"] == "300.00"


def test_others_read_no_revision_and_a_draft_has_none_for_the_customer(
    api, customer, other_customer, other_vendor, vendor, project, proposal
):
    revision = proposal.versions.get()
    draft = factories.make_proposal(
        factories.make_project(customer, title="Shed"), vendor, submit=False
    )
    assert not draft.versions.exists()
    detail = reverse("bidding-api-revisions-detail", kwargs={"pk": revision.pk})

    for user in (other_customer, other_vendor):
        api.force_authenticate(user)
        assert api.get(reverse("bidding-api-revisions-list")).json()["count"] == 0
        assert api.get(detail).status_code == 404


def test_the_list_refuses_a_proposal_that_is_not_a_number(api, customer, proposal):
    api.force_authenticate(customer)

    response = api.get(reverse("bidding-api-revisions-list"), {"proposal": "one"})

    assert response.status_code == 400
    assert response.json() == {"proposal": ["A number is required."]}
