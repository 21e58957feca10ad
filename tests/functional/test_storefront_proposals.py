"""Proposal Details and the customer's decision: accept or reject."""

import re

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from oscar.core.loading import get_model

from tests import factories

Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")


def url(name, proposal):
    return reverse(name, kwargs={"pk": proposal.pk})


def status_of(proposal):
    return Proposal.objects.get(pk=proposal.pk).status


def test_proposal_details_show_totals_milestones_and_items(login, customer, proposal):
    response = login(customer).get(proposal.get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    assert "Vendor One" in content
    assert "We have done many kitchens." in content
    assert "30 days" in content
    assert "£800.00" in content  # 2 milestones x 2 items x 2 x £100
    for milestone in ("Stage 1", "Stage 2"):
        assert milestone in content
    for item in ("Work item 1.1", "Work item 1.2", "Work item 2.1", "Work item 2.2"):
        assert item in content
    assert url("bidding:proposal-accept", proposal) in content
    assert url("bidding:proposal-reject", proposal) in content


def test_ready_milestone_is_announced(login, customer, accepted_proposal):
    response = login(customer).get(accepted_proposal.get_absolute_url())

    content = response.content.decode()
    assert "Milestone 1 (Stage 1) is ready to pay" in content
    assert "Milestone 2 (Stage 2) is ready to pay" not in content
    assert [g["milestone"].number for g in response.context["pay_groups"]] == [1]
    assert url("bidding:proposal-accept", accepted_proposal) not in content


def test_cover_letter_html_is_escaped(login, customer, project, vendor):
    proposal = factories.make_proposal(
        project, vendor, cover_letter="<b>Hi</b>\n<script>x()</script>"
    )

    content = login(customer).get(proposal.get_absolute_url()).content.decode()

    assert "<script>x()</script>" not in content
    assert "&lt;b&gt;Hi&lt;/b&gt;<br>&lt;script&gt;" in content


def test_proposal_details_run_the_same_queries_for_1_or_50_milestones(
    login, customer, vendor
):
    client = login(customer)
    small = factories.make_proposal(
        factories.make_project(customer), vendor, milestones=1, items=1
    )
    large = factories.make_proposal(
        factories.make_project(customer), vendor, milestones=50, items=3
    )
    for proposal in (small, large):
        factories.ProposalService().accept(proposal)
    client.get(small.get_absolute_url())  # warm the caches of a running shop

    def count_queries(proposal):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(proposal.get_absolute_url())
        assert response.status_code == 200
        return len(queries)

    assert count_queries(large) == count_queries(small)


# Accept and reject ---------------------------------------------------------------


def test_accept_by_post_awards_the_project_and_rejects_the_others(
    login, customer, project, proposal, other_vendor
):
    other = factories.make_proposal(project, other_vendor)

    response = login(customer).post(
        url("bidding:proposal-accept", proposal), {"version": proposal.version}
    )

    assert response.status_code == 302
    assert response["Location"] == proposal.get_absolute_url()
    assert status_of(proposal) == Proposal.ACCEPTED
    assert status_of(other) == Proposal.REJECTED
    assert Project.objects.get(pk=project.pk).status == Project.AWARDED


def test_reject_by_post(login, customer, proposal):
    login(customer).post(
        url("bidding:proposal-reject", proposal), {"version": proposal.version}
    )

    assert status_of(proposal) == Proposal.REJECTED
    assert Project.objects.get(pk=proposal.project_id).status == Project.OPEN


@pytest.mark.parametrize("name", ["bidding:proposal-accept", "bidding:proposal-reject"])
def test_get_shows_a_confirmation_and_changes_nothing(login, customer, proposal, name):
    response = login(customer).get(url(name, proposal))

    assert response.status_code == 200
    assert f'action="{url(name, proposal)}"' in response.content.decode()
    assert status_of(proposal) == Proposal.SUBMITTED


def test_accept_confirmation_warns_that_the_others_are_rejected(
    login, customer, proposal
):
    client = login(customer)
    warning = "All the other proposals on this project will be rejected."

    assert (
        warning in client.get(url("bidding:proposal-accept", proposal)).content.decode()
    )
    with override_settings(OSCAR_BIDDING_ALLOW_SEVERAL_AWARDS=True):
        page = client.get(url("bidding:proposal-accept", proposal)).content.decode()
    assert warning not in page


def test_accept_and_reject_are_also_modals_on_proposal_details(
    login, customer, proposal
):
    content = login(customer).get(proposal.get_absolute_url()).content.decode()

    for modal, name in (("accept", "accept"), ("reject", "reject")):
        assert f'data-target="#{modal}-proposal"' in content
        assert f'id="{modal}-proposal"' in content
        assert f'action="{url(f"bidding:proposal-{name}", proposal)}"' in content


def test_refused_accept_is_a_message_and_changes_nothing(
    login, customer, accepted_proposal
):
    response = login(customer).post(
        url("bidding:proposal-accept", accepted_proposal),
        {"version": accepted_proposal.version},
        follow=True,
    )

    assert "You cannot accept this proposal: it is accepted." in (
        response.content.decode()
    )
    assert status_of(accepted_proposal) == Proposal.ACCEPTED
    assert (
        Milestone.objects.filter(
            proposal=accepted_proposal, status=Milestone.READY_TO_PAY
        ).count()
        == 1
    )


# The decision binds to the version the customer read ----------------------------


def version_in(html):
    """The version the decision form will post."""
    return int(re.search(r'name="version" value="(\d+)"', html).group(1))


def vendor_changes(proposal, vendor):
    """The vendor edits the submitted proposal in the dashboard."""
    client = Client()
    client.force_login(vendor)
    data = factories.proposal_form_data(
        [
            factories.milestone(
                items=[factories.item(unit_price="150.00", tax_rate="0")]
            )
        ],
        cover_letter=proposal.cover_letter,
        delivery_days="45",
    )
    response = client.post(
        reverse("bidding_dashboard:proposal-update", kwargs={"pk": proposal.pk}), data
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "name, decided",
    [
        ("bidding:proposal-accept", "accepted"),
        ("bidding:proposal-reject", "rejected"),
    ],
)
def test_decision_confirmed_after_the_vendor_changed_the_proposal_is_refused(
    login, customer, vendor, proposal, name, decided
):
    client = login(customer)
    confirmation = client.get(url(name, proposal)).content.decode()

    vendor_changes(proposal, vendor)
    response = client.post(
        url(name, proposal), {"version": version_in(confirmation)}, follow=True
    )

    html = response.content.decode()
    assert response.redirect_chain == [(proposal.get_absolute_url(), 302)]
    assert "The vendor changed this proposal on" in html
    assert "total (incl. tax) £800.00 → £300.00" in html
    assert "delivery estimate 30 days → 45 days" in html
    assert status_of(proposal) == Proposal.SUBMITTED
    assert Project.objects.get(pk=proposal.project_id).status == Project.OPEN
    assert not Milestone.objects.exclude(status=Milestone.PENDING).exists()
    assert f"You {decided} the proposal" not in html


def test_decision_on_the_changed_proposal_once_read_again_goes_through(
    login, customer, vendor, proposal
):
    client = login(customer)
    vendor_changes(proposal, vendor)

    details = client.get(proposal.get_absolute_url()).content.decode()
    client.post(
        url("bidding:proposal-accept", proposal), {"version": version_in(details)}
    )

    assert status_of(proposal) == Proposal.ACCEPTED


def test_decision_without_a_version_changes_nothing(login, customer, proposal):
    response = login(customer).post(
        url("bidding:proposal-accept", proposal), follow=True
    )

    assert "Nothing was decided: read the proposal again" in response.content.decode()
    assert status_of(proposal) == Proposal.SUBMITTED


def test_proposal_changed_by_the_vendor_is_marked_for_the_customer(
    login, customer, vendor, proposal
):
    client = login(customer)
    vendor_changes(proposal, vendor)
    mark = "Changed by the vendor on " + date_format(timezone.localdate())

    assert mark in client.get(proposal.get_absolute_url()).content.decode()
    assert mark in client.get(proposal.project.get_absolute_url()).content.decode()


# Who may see a proposal ------------------------------------------------------------


@pytest.mark.parametrize(
    "name, method",
    [
        ("bidding:proposal-detail", "get"),
        ("bidding:proposal-accept", "get"),
        ("bidding:proposal-accept", "post"),
        ("bidding:proposal-reject", "post"),
    ],
)
@pytest.mark.parametrize("who", ["other_customer", "vendor"])
def test_only_the_projects_customer_sees_a_proposal(
    request, login, proposal, name, method, who
):
    client = login(request.getfixturevalue(who))

    response = getattr(client, method)(url(name, proposal))

    assert response.status_code == 404
    assert status_of(proposal) == Proposal.SUBMITTED


@pytest.mark.parametrize(
    "name, method",
    [
        ("bidding:proposal-detail", "get"),
        ("bidding:proposal-accept", "post"),
    ],
)
def test_draft_proposal_is_404_for_the_customer(
    login, customer, project, vendor, name, method
):
    draft = factories.make_proposal(project, vendor, submit=False)

    response = getattr(login(customer), method)(url(name, draft))

    assert response.status_code == 404
    assert status_of(draft) == Proposal.DRAFT
