"""Migration 0012 starts the history of every existing object with one row,
and cancels the milestones left unpaid by a proposal that had already ended
(a project marked completed with milestones unpaid, as the package allowed)."""

import pytest
from oscar.core.loading import get_model

from tests import factories
from tests.migrations import migrate, migrate_to_latest

Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")
StatusChange = get_model("bidding", "StatusChange")

BEFORE = [("bidding", "0011_rates")]
AFTER = [("bidding", "0012_lifecycle")]


@pytest.mark.django_db(transaction=True)
def test_history_starts_with_one_row_per_object_and_stranded_milestones_are_cancelled(
    latest_migrations_after, customer, vendor, other_vendor
):
    open_project = factories.make_project(customer, title="Shed")
    draft = factories.make_proposal(open_project, vendor, submit=False)
    ended = factories.make_project(customer, title="Arbour")
    proposal = factories.ProposalService().accept(
        factories.make_proposal(ended, other_vendor)
    )
    first, second = proposal.milestones.order_by("number")

    old = migrate(BEFORE)
    # As 0.x left it: the customer marked the project completed, nothing paid.
    old.get_model("bidding", "Project").objects.filter(pk=ended.pk).update(
        status="completed"
    )
    old.get_model("bidding", "Proposal").objects.filter(pk=proposal.pk).update(
        status="completed"
    )
    old.get_model("bidding", "Milestone").objects.filter(pk=first.pk).update(
        status="completed"
    )

    migrate(AFTER)
    migrate_to_latest()

    rows = StatusChange.objects.all()
    assert rows.count() == 2 + 2 + 4  # projects, proposals, milestones
    assert set(rows.values_list("old_status", "role")) == {("", "system")}
    assert all(row.note.startswith("migrated") for row in rows)

    def row(**ids):
        return rows.get(**ids)

    assert row(subject="project", project=open_project).new_status == "open"
    assert row(subject="project", project=ended).new_status == "completed"
    assert row(subject="proposal", proposal=draft).new_status == "draft"
    assert row(subject="proposal", proposal=proposal).new_status == "completed"
    assert row(milestone=first).new_status == "completed"
    stranded = row(milestone=second)
    assert (stranded.new_status, stranded.proposal_id) == ("cancelled", proposal.pk)
    assert "cancelled" in stranded.note
    # Only the columns 0012 knows: later migrations add others.
    status = Milestone.objects.values_list("status", flat=True)
    assert status.get(pk=second.pk) == Milestone.CANCELLED
    assert status.get(pk=first.pk) == Milestone.COMPLETED
    assert row(subject="project", project=ended).date_created == ended.date_created
    assert set(
        rows.filter(subject="milestone", proposal=draft).values_list(
            "new_status", flat=True
        )
    ) == {"pending"}
