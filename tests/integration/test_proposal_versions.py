"""A customer's decision binds to the version of the proposal they read: a
change by the vendor makes a new version, and a decision on an older one is
refused, saying what changed, and changes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from oscar.core.loading import get_model

from oscar_bidding.exceptions import ProposalChanged
from tests import factories

Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")

service = factories.ProposalService()


def cheaper(proposal):
    """The vendor's change: one milestone of one item (2 x 150.00), 45 days."""
    specs = factories.milestone_specs(milestones=1, items=1, unit_price=Decimal("150"))
    return service.update(
        proposal, specs, cover_letter=proposal.cover_letter, delivery_days=45
    )


def test_changing_a_submitted_proposal_makes_a_new_version(proposal):
    cheaper(proposal)

    proposal.refresh_from_db()
    assert proposal.version == 2
    assert proposal.date_changed is not None
    first, second = proposal.versions.order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert first.summary["amount_incl_tax"] == "800.00"
    assert second.summary["amount_incl_tax"] == "300.00"


def test_saving_a_proposal_unchanged_keeps_its_version(project, vendor, proposal):
    draft = factories.make_proposal(
        project, factories.make_vendor("vendor3@example.com"), submit=False
    )
    for edited in (proposal, draft):
        service.update(
            edited,
            factories.milestone_specs(2, 2),
            cover_letter=edited.cover_letter,
            delivery_days=edited.delivery_days,
        )
    service.update(draft, factories.milestone_specs(1, 1), cover_letter="Draft")

    assert [p.version for p in Proposal.objects.order_by("pk")] == [1, 1]
    assert not Proposal.objects.exclude(date_changed=None).exists()


@pytest.mark.parametrize("decide", [service.accept, service.reject])
def test_decision_on_an_older_version_is_refused_and_changes_nothing(proposal, decide):
    cheaper(proposal)

    with pytest.raises(ProposalChanged) as refused:
        decide(proposal, version=1)

    today = date_format(timezone.localdate())
    message = str(refused.value)
    assert f"The vendor changed this proposal on {today}, after you" in message
    assert "total (incl. tax) £800.00 → £300.00" in message
    assert "delivery estimate 30 days → 45 days" in message
    assert "milestones 2 → 1" in message
    assert "milestone 1: amount £400.00 → £300.00, items" in message
    assert "Nothing was decided" in message
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.SUBMITTED
    assert Project.objects.get(pk=proposal.project_id).status == Project.OPEN
    assert not Milestone.objects.exclude(status=Milestone.PENDING).exists()


def test_decision_on_the_current_version_goes_through(proposal):
    cheaper(proposal)

    service.accept(proposal, version=2)

    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.ACCEPTED


def test_refusal_names_a_moved_due_date(proposal):
    specs = factories.milestone_specs(2, 2)
    specs[1].due_date += datetime.timedelta(days=7)
    service.update(proposal, specs)

    with pytest.raises(ProposalChanged, match="milestone 2: due .* → "):
        service.accept(proposal, version=1)
