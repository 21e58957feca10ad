import pytest
from oscar.core.loading import get_class, get_model

from oscar_bidding.exceptions import IllegalTransition

Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")

service = MilestoneService()


def pay(milestone):
    """Payments come through checkout (a later issue); here the row is set directly."""
    Milestone.objects.filter(pk=milestone.pk).update(status=Milestone.PAID)
    milestone.refresh_from_db()
    return milestone


def test_completing_a_paid_milestone_makes_the_next_ready(accepted_proposal):
    first, second = accepted_proposal.milestones.order_by("number")

    service.mark_completed(pay(first))

    assert Milestone.objects.get(pk=first.pk).status == Milestone.COMPLETED
    assert Milestone.objects.get(pk=second.pk).status == Milestone.READY_TO_PAY


def test_completing_the_last_milestone_completes_proposal_and_project(
    accepted_proposal,
):
    for milestone in accepted_proposal.milestones.order_by("number"):
        service.mark_completed(pay(milestone))

    assert Proposal.objects.get(pk=accepted_proposal.pk).status == Proposal.COMPLETED
    assert (
        Project.objects.get(pk=accepted_proposal.project_id).status == Project.COMPLETED
    )


@pytest.mark.parametrize("status", [Milestone.PENDING, Milestone.READY_TO_PAY])
def test_unpaid_milestone_cannot_be_completed(accepted_proposal, status):
    milestone = accepted_proposal.milestones.first()
    Milestone.objects.filter(pk=milestone.pk).update(status=status)

    with pytest.raises(IllegalTransition):
        service.mark_completed(milestone)
    assert Milestone.objects.get(pk=milestone.pk).status == status


def test_milestone_of_a_submitted_proposal_cannot_be_completed(proposal):
    with pytest.raises(IllegalTransition):
        service.mark_completed(pay(proposal.milestones.first()))
