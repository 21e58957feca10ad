"""The database itself refuses what the rules forbid, whatever code writes the row."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from oscar.core.loading import get_model

from tests import factories

Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")
MilestoneItem = get_model("bidding", "MilestoneItem")
Project = get_model("bidding", "Project")


def assert_refused(queryset, **update):
    with pytest.raises(IntegrityError), transaction.atomic():
        queryset.update(**update)


def test_second_accepted_proposal_is_refused(project, proposal, other_vendor):
    other = factories.make_proposal(project, other_vendor)
    factories.ProposalService().accept(proposal)

    assert_refused(Proposal.objects.filter(pk=other.pk), status=Proposal.ACCEPTED)


def test_one_proposal_per_vendor_per_project(proposal):
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.create(project=proposal.project, partner=proposal.partner)


def test_item_quantity_must_be_positive(proposal):
    assert_refused(
        MilestoneItem.objects.filter(milestone__proposal=proposal), quantity=0
    )


def test_item_price_must_not_be_negative(proposal):
    items = MilestoneItem.objects.filter(milestone__proposal=proposal)
    assert_refused(items, unit_price=Decimal("-1"))


def test_milestone_numbers_are_unique_per_proposal(proposal):
    assert_refused(Milestone.objects.filter(proposal=proposal), number=1)


def test_budget_must_not_be_negative(project):
    assert_refused(Project.objects.filter(pk=project.pk), budget=Decimal("-5"))
