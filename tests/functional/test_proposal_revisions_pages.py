"""Request changes and revisions, as the customer and the vendor see them:
the "Request changes" pop-up (a page without JavaScript), the changes-requested
banner on both sides, the revisions pages, and an accept refused against an
older revision."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests import factories

Proposal = get_model("bidding", "Proposal")
StatusChange = get_model("bidding", "StatusChange")

service = factories.ProposalService()


def url(name, proposal):
    return reverse(name, kwargs={"pk": proposal.pk})


def version_in(html):
    return int(re.search(r'name="version" value="(\d+)"', html).group(1))


def saved(proposal):
    proposal = Proposal.objects.get(pk=proposal.pk)
    return (
        proposal.status,
        proposal.version,
        StatusChange.objects.filter(proposal=proposal).count(),
    )


def revise(proposal, customer, vendor, unit_price=Decimal("150")):
    service.request_changes(proposal, "Cheaper tiles, please.", user=customer)
    specs = factories.milestone_specs(milestones=1, items=1, unit_price=unit_price)
    service.update(proposal, specs, user=vendor, cover_letter="Cheaper now.")
    return service.submit(proposal, user=vendor)


def test_proposal_details_offer_request_changes_in_a_pop_up(login, customer, proposal):
    html = login(customer).get(proposal.get_absolute_url()).text

    link = url("bidding:proposal-request-changes", proposal)
    assert f'href="{link}"' in html
    assert 'data-target="#request-changes"' in html
    assert 'id="request-changes"' in html  # the modal
    assert f'action="{link}"' in html
    assert 'name="reason"' in html
    assert "Revision 1" in html
    assert url("bidding:proposal-revisions", proposal) in html


def test_request_changes_page_without_javascript(login, customer, proposal):
    html = login(customer).get(url("bidding:proposal-request-changes", proposal)).text

    assert "What should the vendor change?" in html
    assert 'name="reason"' in html
    assert version_in(html) == 1
    assert "csrfmiddlewaretoken" in html


def test_requesting_changes_shows_changes_requested_to_both(
    client, login, customer, vendor, proposal
):
    page = login(customer).get(url("bidding:proposal-request-changes", proposal)).text
    response = client.post(
        url("bidding:proposal-request-changes", proposal),
        {"reason": "Cheaper tiles, please.", "version": version_in(page)},
        follow=True,
    )

    html = response.text
    assert Proposal.objects.get(pk=proposal.pk).status == "changes_requested"
    assert "You requested changes: Vendor One will revise the proposal" in html
    assert "Changes requested" in html
    assert "Cheaper tiles, please." in html
    assert url("bidding:proposal-accept", proposal) not in html
    assert url("bidding:proposal-request-changes", proposal) not in html

    client.force_login(vendor)
    dashboard = client.get(proposal.get_dashboard_url()).text
    assert "The customer requested changes." in dashboard
    assert "Cheaper tiles, please." in dashboard
    assert "Submit again" in dashboard
    assert url("bidding_dashboard:proposal-update", proposal) in dashboard


def test_a_change_request_without_a_reason_shows_the_page_again_and_saves_nothing(
    login, customer, proposal
):
    before = saved(proposal)

    response = login(customer).post(
        url("bidding:proposal-request-changes", proposal), {"reason": "", "version": 1}
    )

    assert response.status_code == 200
    assert "Nothing was sent: say what should change." in response.text
    assert "is-invalid" in response.text
    assert saved(proposal) == before


def test_a_change_request_on_a_proposal_not_submitted_is_refused(
    login, customer, accepted_proposal
):
    before = saved(accepted_proposal)

    response = login(customer).post(
        url("bidding:proposal-request-changes", accepted_proposal),
        {"reason": "Cheaper", "version": accepted_proposal.version},
        follow=True,
    )

    assert "You cannot request changes to this proposal: it is accepted." in (
        response.text
    )
    assert saved(accepted_proposal) == before


def test_the_request_changes_page_of_a_proposal_not_submitted_says_why(
    login, customer, accepted_proposal
):
    response = login(customer).get(
        url("bidding:proposal-request-changes", accepted_proposal), follow=True
    )

    assert "You cannot request changes to this proposal: it is accepted." in (
        response.text
    )
    assert 'name="reason"' not in response.text


def test_another_customers_proposal_is_a_404_and_saves_nothing(
    login, other_customer, proposal
):
    client = login(other_customer)
    before = saved(proposal)

    for name in ("bidding:proposal-request-changes", "bidding:proposal-revisions"):
        assert client.get(url(name, proposal)).status_code == 404
    response = client.post(
        url("bidding:proposal-request-changes", proposal),
        {"reason": "Mine now", "version": 1},
    )

    assert response.status_code == 404
    assert saved(proposal) == before


def test_the_vendor_resubmits_from_the_dashboard(client, customer, vendor, proposal):
    service.request_changes(proposal, "Cheaper", user=customer)
    client.force_login(vendor)

    response = client.post(
        url("bidding_dashboard:proposal-submit", proposal), follow=True
    )

    assert response.status_code == 200
    proposal.refresh_from_db()
    assert (proposal.status, proposal.version) == ("submitted", 2)


def test_revisions_page_lists_each_revision_and_what_changed(
    login, customer, vendor, proposal
):
    revise(proposal, customer, vendor)

    html = login(customer).get(url("bidding:proposal-revisions", proposal)).text

    assert html.index('id="revision-2"') < html.index('id="revision-1"')
    assert "Changes from revision 1" in html
    assert "Submitted on" in html
    assert "£800.00" in html and "£300.00" in html  # totals before and after
    assert "Milestone re-priced" in html  # Stage 1: £400.00 -> £300.00
    assert "Milestone removed" in html  # Stage 2
    assert "Item re-priced: Work item 1.1, 2 × £100.00 → 2 × £150.00" in html
    assert "Item removed: Work item 1.2" in html
    assert "The first revision." in html


def test_the_vendor_sees_the_same_revisions_in_the_dashboard(
    client, customer, vendor, proposal
):
    revise(proposal, customer, vendor)
    client.force_login(vendor)

    detail = client.get(proposal.get_dashboard_url()).text
    html = client.get(url("bidding_dashboard:proposal-revisions", proposal)).text

    assert url("bidding_dashboard:proposal-revisions", proposal) in detail
    assert 'id="revision-2"' in html and 'id="revision-1"' in html
    assert "Changes from revision 1" in html
    assert "Milestone removed" in html


def test_an_accept_posted_against_an_older_revision_is_refused_with_the_difference(
    client, login, customer, vendor, proposal
):
    details = login(customer).get(proposal.get_absolute_url()).text
    assert version_in(details) == 1
    revise(proposal, customer, vendor)
    before = saved(proposal)

    response = client.post(
        url("bidding:proposal-accept", proposal),
        {"version": version_in(details)},
        follow=True,
    )

    html = response.text
    assert "after you opened it" in html
    assert "total (incl. tax) £800.00 → £300.00" in html
    assert "Nothing was decided" in html
    assert saved(proposal) == before
    assert Proposal.objects.get(pk=proposal.pk).accepted_revision is None


def test_accepting_the_latest_revision_records_and_shows_it(
    client, login, customer, vendor, proposal
):
    revise(proposal, customer, vendor)
    details = login(customer).get(proposal.get_absolute_url()).text
    assert version_in(details) == 2
    assert "You accept revision 2" in details

    response = client.post(
        url("bidding:proposal-accept", proposal),
        {"version": version_in(details)},
        follow=True,
    )

    assert Proposal.objects.get(pk=proposal.pk).accepted_revision == 2
    assert "Revision 2 accepted" in response.text
    client.force_login(vendor)
    assert "2 (accepted)" in client.get(proposal.get_dashboard_url()).text


@pytest.mark.parametrize("revisions", [1, 50])
def test_revisions_page_lists_many_revisions(
    login, customer, vendor, proposal, revisions
):
    for _ in range(revisions - 1):
        service.request_changes(proposal, "Again", user=customer)
        service.submit(proposal, user=vendor)

    html = login(customer).get(url("bidding:proposal-revisions", proposal)).text

    assert html.count('class="card mb-3 proposal-revision"') == revisions


def test_saving_edits_after_a_change_request_says_to_submit_again(
    client, customer, vendor, proposal
):
    service.request_changes(proposal, "Cheaper", user=customer)
    client.force_login(vendor)

    response = client.post(
        url("bidding_dashboard:proposal-update", proposal),
        factories.proposal_form_data(cover_letter="Cheaper now."),
        follow=True,
    )

    assert "submit it again when it has the changes the customer requested" in (
        response.text
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.version) == ("changes_requested", 1)
    assert proposal.cover_letter == "Cheaper now."
