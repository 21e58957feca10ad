"""Compare proposals: the customer's chosen proposals of one project, side by side."""

import re

import pytest
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from tests import factories

ProposalService = get_class("bidding.services.proposals", "ProposalService")
ProjectAnswer = get_model("bidding", "ProjectAnswer")

Proposal = get_model("bidding", "Proposal")


def compare_url(project, *proposals):
    query = "&".join(f"proposal={getattr(p, 'pk', p)}" for p in proposals)
    return f"{reverse('bidding:proposal-compare', kwargs={'pk': project.pk})}?{query}"


@pytest.fixture
def third_vendor():
    return factories.make_vendor("vendor3@example.com", "Vendor Three")


@pytest.fixture
def two_proposals(project, vendor, other_vendor):
    first = factories.make_proposal(project, vendor, delivery_days=30)
    second = factories.make_proposal(
        project, other_vendor, milestones=3, items=1, delivery_days=45
    )
    return first, second


def test_project_page_lets_the_customer_tick_proposals_to_compare(
    login, customer, project, two_proposals
):
    content = login(customer).get(project.get_absolute_url()).text

    form = re.search(r'<form method="get" action="([^"]+)"', content)
    assert form.group(1) == reverse(
        "bidding:proposal-compare", kwargs={"pk": project.pk}
    )
    for proposal in two_proposals:
        assert f'name="proposal" value="{proposal.pk}"' in content
    assert "Compare selected proposals" in content


def test_project_with_one_proposal_offers_no_comparison(
    login, customer, project, proposal
):
    content = login(customer).get(project.get_absolute_url()).text

    assert 'name="proposal"' not in content
    assert "Compare selected proposals" not in content


def test_comparison_shows_proposals_side_by_side(
    login, customer, project, two_proposals
):
    first, second = two_proposals

    response = login(customer).get(compare_url(project, first, second))

    assert response.status_code == 200
    content = response.text
    assert [c.proposal for c in response.context["columns"]] == [first, second]
    assert "Vendor One" in content and "Vendor Two" in content
    # Totals: 2 milestones x 2 items x 2 x £100, and 3 x 1 x 2 x £100.
    assert "£800.00" in content and "£600.00" in content
    columns = response.context["columns"]
    assert [c.milestone_count for c in columns] == [2, 3]
    assert [str(c.first_payment) for c in columns] == ["400.00", "200.00"]
    assert "30 days" in content and "45 days" in content
    assert "Stage 3" in content  # milestones with their due dates
    assert "due " in content
    assert [c.revisions for c in columns] == [1, 1]
    assert "No terms accepted" in content
    assert 'class="table-responsive proposal-comparison' in content


def test_comparison_keeps_the_order_asked_for_and_ignores_repeats(
    login, customer, project, two_proposals
):
    first, second = two_proposals

    response = login(customer).get(compare_url(project, second, first, second))

    assert [c.proposal for c in response.context["columns"]] == [second, first]


def test_accept_from_the_comparison_opens_the_usual_confirmation(
    login, customer, project, two_proposals
):
    first, second = two_proposals
    client = login(customer)

    content = client.get(compare_url(project, first, second)).text

    accept = reverse("bidding:proposal-accept", kwargs={"pk": first.pk})
    assert f'href="{accept}"' in content
    assert f'data-target="#accept-proposal-{first.pk}"' in content
    assert f'id="accept-proposal-{first.pk}"' in content
    assert f'action="{accept}"' in content
    assert "All the other proposals on this project will be rejected." in content
    # Without JavaScript the link is the accept confirmation page itself.
    page = client.get(accept)
    assert page.status_code == 200
    assert "Accept the proposal from" in page.text


def test_accept_posted_from_the_comparison_awards_the_project(
    login, customer, project, two_proposals
):
    first, second = two_proposals
    client = login(customer)
    content = client.get(compare_url(project, first, second)).text
    version = re.search(r'name="version" value="(\d+)"', content).group(1)

    client.post(
        reverse("bidding:proposal-accept", kwargs={"pk": first.pk}),
        {"version": version},
    )

    assert Proposal.objects.get(pk=first.pk).status == Proposal.ACCEPTED
    assert Proposal.objects.get(pk=second.pk).status == Proposal.REJECTED


def test_another_customers_proposal_is_a_404_and_shows_nothing(
    login, customer, other_customer, project, two_proposals, third_vendor
):
    first, _second = two_proposals
    elsewhere = factories.make_project(other_customer, title="Secret shed")
    theirs = factories.make_proposal(elsewhere, third_vendor)

    response = login(customer).get(compare_url(project, first, theirs))

    assert response.status_code == 404
    assert "Secret shed" not in response.text
    assert "Vendor Three" not in response.text


def test_proposal_of_another_project_of_the_same_customer_is_a_404(
    login, customer, project, two_proposals, third_vendor
):
    first, _second = two_proposals
    other_project = factories.make_project(customer, title="Garage")
    other = factories.make_proposal(other_project, third_vendor)

    response = login(customer).get(compare_url(project, first, other))

    assert response.status_code == 404


def test_another_customers_project_is_a_404(
    login, other_customer, project, two_proposals
):
    response = login(other_customer).get(compare_url(project, *two_proposals))

    assert response.status_code == 404


@pytest.mark.parametrize("value", ["abc", "", "1.5"])
def test_an_id_that_is_not_a_number_is_a_404(
    login, customer, project, two_proposals, value
):
    response = login(customer).get(compare_url(project, two_proposals[0], value))

    assert response.status_code == 404


def test_a_draft_is_not_compared(login, customer, project, two_proposals, third_vendor):
    draft = factories.make_proposal(project, third_vendor, submit=False)

    response = login(customer).get(compare_url(project, *two_proposals, draft))

    assert response.status_code == 404


@pytest.mark.parametrize("count", [0, 1])
def test_fewer_than_two_proposals_is_sent_back_with_a_message(
    login, customer, project, two_proposals, count
):
    client = login(customer)

    response = client.get(compare_url(project, *two_proposals[:count]), follow=True)

    assert response.redirect_chain[0][0] == project.get_absolute_url() + "#proposals"
    assert "Tick at least two proposals to compare them" in response.text


def test_comparison_shows_the_terms_each_vendor_accepted(
    login, customer, project, vendor, other_vendor, settings
):
    first = factories.make_proposal(project, vendor)
    settings.OSCAR_BIDDING_TERMS = "Pay within 30 days."
    second = factories.make_proposal(project, other_vendor, accept_terms=True)

    response = login(customer).get(compare_url(project, first, second))

    content = response.text
    assert "No terms accepted" in content
    assert f"Version {second.terms_hash[:12]}" in content


def test_the_comparison_counts_each_proposals_revisions(
    login, customer, project, two_proposals
):
    first, second = two_proposals
    ProposalService().request_changes(second, "Cheaper, please.", user=customer)
    ProposalService().submit(second, user=second.partner.users.get())

    response = login(customer).get(compare_url(project, first, second))

    assert [c.revisions for c in response.context["columns"]] == [1, 2]


def test_the_comparison_shows_the_projects_answers_once(
    login, customer, project, two_proposals
):
    ProjectAnswer.objects.create(
        project=project, label="Surface (m²)", kind="number", value="12"
    )

    response = login(customer).get(compare_url(project, *two_proposals))

    assert response.text.count("Surface (m²)") == 1


def test_comparison_scrolls_sideways_on_a_phone(
    login, customer, project, two_proposals
):
    from tests.functional.test_narrow_screens import unwrapped_tables

    response = login(customer).get(compare_url(project, *two_proposals))

    assert unwrapped_tables(response.text) == []
