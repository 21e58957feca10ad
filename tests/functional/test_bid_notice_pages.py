"""What OSCAR_BIDDING_BID_NOTICES shows a vendor on Open Projects, the project
and proposal pages of the dashboard, and the API: the count of submitted
proposals, whether their own is the lowest, never another vendor's amount."""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_class

from tests import factories

ProposalService = get_class("bidding.services.proposals", "ProposalService")

LOWEST = "Lowest proposal"
NOT_LOWEST = "Not the lowest"


def bid(project, vendor, price, submit=True):
    return ProposalService().create(
        project,
        vendor.partners.first(),
        vendor,
        factories.milestone_specs(1, 1, unit_price=Decimal(price)),
        submit=submit,
    )


def url(name, **kwargs):
    return reverse(f"bidding_dashboard:{name}", kwargs=kwargs)


@pytest.fixture
def bids(project, vendor, other_vendor):
    """Vendor One's 2 × 100.00, Vendor Two's cheaper 2 × 87.65 (175.30), and a
    third vendor's draft, which is not counted."""
    mine = bid(project, vendor, "100.00")
    theirs = bid(project, other_vendor, "87.65")
    bid(project, factories.make_vendor("vendor3@example.com"), "1.00", submit=False)
    return mine, theirs


def pages(project, proposal):
    return {
        "list": url("project-list"),
        "project": url("project-detail", pk=project.pk),
        "proposal": proposal.get_dashboard_url(),
    }


def test_count_shows_how_many_proposals_were_submitted_not_who_is_lowest(
    settings, login, vendor, project, bids
):
    settings.OSCAR_BIDDING_BID_NOTICES = "count"
    client = login(vendor)

    listed = client.get(url("project-list"))
    assert "<th>Proposals</th>" in listed.text
    assert [p.num_proposals for p in listed.context["projects"]] == [2]
    assert (
        "Proposals submitted:</strong> 2"
        in client.get(url("project-detail", pk=project.pk)).text
    )
    assert (
        "Proposals submitted for this project:</strong> 2"
        in client.get(bids[0].get_dashboard_url()).text
    )
    for page in pages(project, bids[0]).values():
        html = client.get(page).text
        assert LOWEST not in html and NOT_LOWEST not in html


def test_off_shows_neither_count_nor_lowest(settings, login, vendor, project, bids):
    settings.OSCAR_BIDDING_BID_NOTICES = None
    client = login(vendor)

    assert "<th>Proposals</th>" not in client.get(url("project-list")).text
    for page in pages(project, bids[0]).values():
        html = client.get(page).text
        assert "Proposals submitted" not in html
        assert LOWEST not in html and NOT_LOWEST not in html


def test_lowest_tells_each_vendor_where_their_own_proposal_stands(
    settings, login, vendor, other_vendor, project, bids
):
    settings.OSCAR_BIDDING_BID_NOTICES = "lowest"
    mine, theirs = bids

    for page in pages(project, mine).values():
        html = login(vendor).get(page).text
        assert NOT_LOWEST in html and LOWEST not in html
        # Never the other vendor's amount.
        assert "175.30" not in html and "87.65" not in html
    for page in pages(project, theirs).values():
        html = login(other_vendor).get(page).text
        assert LOWEST in html and NOT_LOWEST not in html
        assert "200.00" not in html


def test_lowest_counts_a_tie_as_lowest_for_both(
    settings, login, vendor, other_vendor, project
):
    settings.OSCAR_BIDDING_BID_NOTICES = "lowest"
    bid(project, vendor, "100.00")
    bid(project, other_vendor, "100.00")

    for user in (vendor, other_vendor):
        assert LOWEST in login(user).get(url("project-list")).text


def test_the_api_tells_the_vendor_the_count_and_where_their_proposal_stands(
    settings, vendor, other_vendor, project, bids
):
    from rest_framework.test import APIClient  # noqa: PLC0415 (the api extra)

    api = APIClient()
    mine, theirs = bids
    list_url = reverse("bidding-api-open-projects-list")
    detail_url = reverse("bidding-api-open-projects-detail", kwargs={"pk": project.pk})

    settings.OSCAR_BIDDING_BID_NOTICES = "lowest"
    api.force_authenticate(vendor)
    (listed,) = api.get(list_url).json()["results"]
    assert listed["bid_notice"] == {
        "proposals": 2,
        "own_proposals": [{"id": mine.pk, "is_lowest": False}],
    }
    api.force_authenticate(other_vendor)
    assert api.get(detail_url).json()["bid_notice"] == {
        "proposals": 2,
        "own_proposals": [{"id": theirs.pk, "is_lowest": True}],
    }

    settings.OSCAR_BIDDING_BID_NOTICES = "count"
    assert api.get(detail_url).json()["bid_notice"] == {"proposals": 2}

    settings.OSCAR_BIDDING_BID_NOTICES = None
    assert api.get(detail_url).json()["bid_notice"] is None
