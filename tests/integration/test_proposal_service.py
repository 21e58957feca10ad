"""Proposal transitions through the service: legal ones change state, illegal ones
raise a clear error and change nothing."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from oscar_bidding.exceptions import BiddingError, IllegalTransition
from tests import factories

Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")

service = factories.ProposalService()


def test_create_draft_stores_milestones_items_and_totals(project, vendor):
    specs = factories.milestone_specs(
        milestones=2, items=3, unit_price=Decimal("10.00")
    )
    proposal = service.create(project, vendor.partners.first(), vendor, specs)

    assert proposal.status == Proposal.DRAFT
    assert [m.number for m in proposal.milestones.all()] == [1, 2]
    assert proposal.milestones.first().items.count() == 3
    assert proposal.milestones.first().amount_incl_tax == Decimal("60.00")
    assert proposal.amount_incl_tax == Decimal("120.00")


def test_tax_is_rounded_per_unit_to_the_currency(project, vendor):
    item = factories.ItemSpec("Design", 3, Decimal("0.33"), Decimal("0.2"))
    specs = [factories.MilestoneSpec("Only", items=[item])]
    proposal = service.create(project, vendor.partners.first(), vendor, specs)

    milestone = proposal.milestones.get()
    # 3 x round(0.066) = 0.21, where rounding the line would give round(0.198) = 0.20
    assert milestone.items.get().tax == Decimal("0.21")
    assert milestone.amount_excl_tax == Decimal("0.99")
    assert milestone.amount_incl_tax == Decimal("1.20")


def test_submit_without_milestones_is_refused(project, vendor):
    draft = service.create(project, vendor.partners.first(), vendor, [])

    with pytest.raises(BiddingError, match="at least one milestone"):
        service.submit(draft)
    assert Proposal.objects.get(pk=draft.pk).status == Proposal.DRAFT


def test_milestone_without_items_is_refused(project, vendor):
    with pytest.raises(BiddingError, match="Milestone 1 has no items"):
        service.create(
            project, vendor.partners.first(), vendor, [factories.MilestoneSpec("Empty")]
        )


def test_second_proposal_of_the_same_vendor_is_refused(proposal, project, vendor):
    with pytest.raises(BiddingError, match="already answered"):
        factories.make_proposal(project, vendor)
    assert Proposal.objects.filter(project=project).count() == 1


def test_proposal_after_the_deadline_is_refused(customer, vendor):
    project = factories.make_project(customer)
    Project.objects.filter(pk=project.pk).update(
        bidding_deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    project.refresh_from_db()

    with pytest.raises(BiddingError, match="no longer takes proposals"):
        factories.make_proposal(project, vendor)


def test_edit_replaces_milestones_while_submitted(proposal):
    specs = factories.milestone_specs(milestones=3, items=1, unit_price=Decimal("5.00"))
    service.update(proposal, specs, cover_letter="Revised")

    proposal.refresh_from_db()
    assert proposal.cover_letter == "Revised"
    assert proposal.milestones.count() == 3
    assert proposal.amount_incl_tax == Decimal("30.00")


def test_accept_rejects_the_others_and_makes_the_first_milestone_ready(
    project, proposal, other_vendor
):
    other = factories.make_proposal(project, other_vendor)

    service.accept(proposal)

    proposal.refresh_from_db()
    other.refresh_from_db()
    project.refresh_from_db()
    assert proposal.status == Proposal.ACCEPTED
    assert other.status == Proposal.REJECTED
    assert project.status == Project.AWARDED
    statuses = list(proposal.milestones.values_list("status", flat=True))
    assert statuses == [Milestone.READY_TO_PAY, Milestone.PENDING]


def test_all_milestones_ready_at_once_by_setting(settings, proposal):
    settings.OSCAR_BIDDING_ALL_MILESTONES_READY = True
    service.accept(proposal)

    assert set(proposal.milestones.values_list("status", flat=True)) == {
        Milestone.READY_TO_PAY
    }


def test_several_awards_by_setting(settings, project, proposal, other_vendor):
    settings.OSCAR_BIDDING_ALLOW_SEVERAL_AWARDS = True
    other = factories.make_proposal(project, other_vendor)

    service.accept(proposal)
    service.accept(other)

    assert project.proposals.filter(status=Proposal.ACCEPTED).count() == 2


@pytest.mark.parametrize(
    "action", [service.submit, service.withdraw, service.accept, service.reject]
)
def test_accepted_proposal_is_frozen(accepted_proposal, action):
    with pytest.raises(IllegalTransition, match="it is accepted"):
        action(accepted_proposal)
    assert Proposal.objects.get(pk=accepted_proposal.pk).status == Proposal.ACCEPTED


def test_accepted_proposal_milestones_cannot_be_edited(accepted_proposal):
    with pytest.raises(IllegalTransition):
        service.update(accepted_proposal, factories.milestone_specs(1, 1))
    assert accepted_proposal.milestones.count() == 2


def test_draft_cannot_be_accepted(project, vendor):
    draft = factories.make_proposal(project, vendor, submit=False)
    with pytest.raises(IllegalTransition, match="it is draft"):
        service.accept(draft)


def test_withdraw_then_nothing_else(proposal):
    service.withdraw(proposal)
    for action in (service.submit, service.accept, service.reject, service.withdraw):
        with pytest.raises(IllegalTransition):
            action(proposal)
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.WITHDRAWN


def test_reject(proposal):
    service.reject(proposal)
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.REJECTED


def test_decline_records_the_reason(project, vendor):
    declined = service.decline(project, vendor.partners.first(), vendor, "Too far away")
    assert declined.status == Proposal.DECLINED
    assert declined.decline_reason == "Too far away"


def test_decline_after_submitting_is_refused(proposal, project, vendor):
    with pytest.raises(IllegalTransition):
        service.decline(project, vendor.partners.first(), vendor, "Changed my mind")
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.SUBMITTED
