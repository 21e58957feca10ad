"""Bid notices "lowest": a vendor is e-mailed, in the transaction of the other
vendor's submission or revision, when their submitted proposal stops being the
lowest total; equal totals are all lowest."""

from decimal import Decimal

import pytest
from oscar.core.loading import get_class, get_model

from oscar_bidding import bid_notices
from oscar_bidding.notifications import PROPOSAL_UNDERCUT
from tests import factories

OutboxMessage = get_model("bidding", "OutboxMessage")
Proposal = get_model("bidding", "Proposal")
ProposalService = get_class("bidding.services.proposals", "ProposalService")


@pytest.fixture(autouse=True)
def lowest_notices(settings):
    settings.OSCAR_BIDDING_BID_NOTICES = "lowest"


@pytest.fixture
def third_vendor():
    return factories.make_vendor("vendor3@example.com", "Vendor Three")


def bid(project, vendor, price, submit=True):
    """A proposal of one item, 2 × ``price``: its total is twice the price."""
    return ProposalService().create(
        project,
        vendor.partners.first(),
        vendor,
        factories.milestone_specs(1, 1, unit_price=Decimal(price)),
        submit=submit,
    )


def revise(proposal, price):
    return ProposalService().update(
        proposal,
        factories.milestone_specs(1, 1, unit_price=Decimal(price)),
        user=proposal.author,
    )


def undercut_emails():
    return sorted(
        OutboxMessage.objects.filter(event_code=PROPOSAL_UNDERCUT).values_list(
            "context__proposal_id", flat=True
        )
    )


def test_a_cheaper_proposal_emails_the_vendor_who_was_lowest(
    project, vendor, other_vendor
):
    first = bid(project, vendor, "100.00")

    bid(project, other_vendor, "90.00")

    assert undercut_emails() == [first.pk]
    message = OutboxMessage.objects.get(event_code=PROPOSAL_UNDERCUT)
    assert message.audience == "vendor"


def test_a_dearer_proposal_emails_nobody(project, vendor, other_vendor):
    bid(project, vendor, "100.00")

    bid(project, other_vendor, "110.00")

    assert undercut_emails() == []


def test_an_equal_total_is_a_tie_both_lowest_and_nobody_emailed(
    project, vendor, other_vendor
):
    first = bid(project, vendor, "100.00")

    second = bid(project, other_vendor, "100.00")

    assert undercut_emails() == []
    assert bid_notices.lowest_ids(project) == {first.pk, second.pk}


def test_undercutting_a_tie_emails_each_vendor_of_the_tie(
    project, vendor, other_vendor, third_vendor
):
    first = bid(project, vendor, "100.00")
    second = bid(project, other_vendor, "100.00")

    bid(project, third_vendor, "99.99")

    assert undercut_emails() == sorted([first.pk, second.pk])


def test_a_revision_that_undercuts_emails_the_vendor_who_was_lowest(
    project, vendor, other_vendor
):
    first = bid(project, vendor, "100.00")
    second = bid(project, other_vendor, "120.00")

    revise(second, "80.00")

    assert undercut_emails() == [first.pk]


def test_a_vendor_who_raises_their_own_price_is_not_emailed(
    project, vendor, other_vendor
):
    first = bid(project, vendor, "100.00")
    bid(project, other_vendor, "120.00")

    revise(first, "130.00")

    assert undercut_emails() == []


def test_someone_no_longer_lowest_is_not_emailed_again(project, vendor, other_vendor):
    first = bid(project, vendor, "100.00")
    second = bid(project, other_vendor, "90.00")

    revise(second, "80.00")

    assert undercut_emails() == [first.pk]


def test_a_draft_competes_only_once_submitted(project, vendor, other_vendor):
    first = bid(project, vendor, "100.00")
    draft = bid(project, other_vendor, "50.00", submit=False)

    assert undercut_emails() == []

    ProposalService().submit(draft, user=other_vendor)

    assert undercut_emails() == [first.pk]


def test_a_resubmission_after_changes_requested_that_undercuts_emails(
    project, vendor, other_vendor
):
    first = bid(project, vendor, "100.00")
    second = bid(project, other_vendor, "120.00")
    ProposalService().request_changes(second, "Cheaper, please.")
    # Edits while changes are requested compete only once submitted again.
    revise(Proposal.objects.get(pk=second.pk), "70.00")
    assert undercut_emails() == []

    ProposalService().submit(Proposal.objects.get(pk=second.pk), user=other_vendor)

    assert undercut_emails() == [first.pk]


@pytest.mark.parametrize("notices", [None, "count"])
def test_without_lowest_notices_nobody_is_emailed(
    settings, notices, project, vendor, other_vendor
):
    settings.OSCAR_BIDDING_BID_NOTICES = notices
    bid(project, vendor, "100.00")

    bid(project, other_vendor, "90.00")

    assert undercut_emails() == []


def test_the_email_tells_the_vendor_without_the_other_amount(
    project, vendor, other_vendor, mailoutbox, django_capture_on_commit_callbacks
):
    first = bid(project, vendor, "100.00")

    with django_capture_on_commit_callbacks(execute=True):
        bid(project, other_vendor, "87.65")

    (message,) = [m for m in mailoutbox if m.to == [vendor.email]]
    subject = 'Your proposal for "Kitchen refit" is no longer the lowest'
    assert message.subject == subject
    assert f"proposal #{first.pk} (£200.00)" in message.body
    assert "87.65" not in message.body and "175.30" not in message.body
    assert f"http://example.com/dashboard/bidding/proposals/{first.pk}/" in message.body


def test_a_failed_submission_emails_nobody(project, vendor, other_vendor):
    bid(project, vendor, "100.00")
    draft = bid(project, other_vendor, "50.00", submit=False)
    draft.milestones.all().delete()

    with pytest.raises(Exception, match="at least one milestone"):
        ProposalService().submit(draft, user=other_vendor)

    assert undercut_emails() == []
