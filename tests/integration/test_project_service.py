import datetime

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from oscar_bidding.exceptions import BiddingError, IllegalTransition
from tests import factories

Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")

service = factories.ProjectService()


def test_cancel_rejects_waiting_proposals(project, proposal):
    service.cancel(project)

    assert Project.objects.get(pk=project.pk).status == Project.CANCELLED
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.REJECTED


def test_awarded_project_cannot_be_cancelled_or_edited(accepted_proposal):
    project = accepted_proposal.project
    with pytest.raises(IllegalTransition):
        service.cancel(project)
    with pytest.raises(IllegalTransition):
        service.update(project, title="Changed")
    assert Project.objects.get(pk=project.pk).title == "Kitchen refit"


def test_complete_completes_the_accepted_proposal_once_every_milestone_is(
    accepted_proposal,
):
    accepted_proposal.milestones.update(status=Milestone.COMPLETED)

    service.complete(accepted_proposal.project)

    assert (
        Project.objects.get(pk=accepted_proposal.project_id).status == Project.COMPLETED
    )
    assert Proposal.objects.get(pk=accepted_proposal.pk).status == Proposal.COMPLETED


def test_complete_is_refused_while_milestones_are_unpaid(accepted_proposal):
    with pytest.raises(BiddingError, match="2 milestone\\(s\\) are not paid yet"):
        service.complete(accepted_proposal.project)

    assert (
        Project.objects.get(pk=accepted_proposal.project_id).status == Project.AWARDED
    )
    assert Proposal.objects.get(pk=accepted_proposal.pk).status == Proposal.ACCEPTED
    assert set(accepted_proposal.milestones.values_list("status", flat=True)) == {
        Milestone.READY_TO_PAY,
        Milestone.PENDING,
    }


def test_complete_cancels_the_unpaid_milestones_when_the_shop_allows_it(
    settings, accepted_proposal
):
    settings.OSCAR_BIDDING_COMPLETE_CANCELS_UNPAID = True
    accepted_proposal.milestones.filter(number=1).update(status=Milestone.COMPLETED)

    service.complete(accepted_proposal.project)

    milestones = accepted_proposal.milestones.order_by("number")
    assert [m.status for m in milestones] == [Milestone.COMPLETED, Milestone.CANCELLED]
    assert Proposal.objects.get(pk=accepted_proposal.pk).status == Proposal.COMPLETED
    cancelled = milestones[1].status_changes.get(new_status=Milestone.CANCELLED)
    assert cancelled.old_status == Milestone.PENDING
    assert "without it" in cancelled.note


def test_complete_cancelling_unpaid_milestones_still_waits_for_paid_ones(
    settings, accepted_proposal
):
    settings.OSCAR_BIDDING_COMPLETE_CANCELS_UNPAID = True
    accepted_proposal.milestones.filter(number=1).update(status=Milestone.PAID)

    with pytest.raises(BiddingError, match="not yet approved"):
        service.complete(accepted_proposal.project)
    assert accepted_proposal.milestones.get(number=2).status == Milestone.PENDING


@pytest.mark.parametrize(
    "status",
    [
        Milestone.PAID,
        Milestone.DELIVERED,
        Milestone.REVISION_REQUESTED,
        Milestone.DISPUTED,
    ],
)
def test_complete_waits_for_paid_milestones_to_be_approved(accepted_proposal, status):
    accepted_proposal.milestones.filter(number=1).update(status=status)

    with pytest.raises(BiddingError, match="not yet approved"):
        service.complete(accepted_proposal.project)
    assert (
        Project.objects.get(pk=accepted_proposal.project_id).status == Project.AWARDED
    )


def test_open_project_cannot_be_completed(project):
    with pytest.raises(IllegalTransition):
        service.complete(project)


def test_close_expired_closes_only_past_deadlines(customer):
    today = timezone.localdate()
    expired = factories.make_project(customer, title="Old")
    current = factories.make_project(customer, title="Current")
    Project.objects.filter(pk=expired.pk).update(
        bidding_deadline=today - datetime.timedelta(days=1)
    )

    assert service.close_expired(today) == 1
    assert Project.objects.get(pk=expired.pk).status == Project.CLOSED
    assert Project.objects.get(pk=current.pk).status == Project.OPEN


def test_update_changes_only_customer_fields(project):
    service.update(project, title="New title", status=Project.COMPLETED)

    project.refresh_from_db()
    assert project.title == "New title"
    assert project.status == Project.OPEN


def test_cancel_tells_the_waiting_vendors(
    project, proposal, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        service.cancel(project)

    assert [m.to for m in mailoutbox] == [["vendor1@example.com"]]
