"""Migration 0016: payments refunded before it record their whole amount as
refunded, paid ones nothing; the e-mails of a dispute's decision and of a
sub-vendor's paid milestone are registered."""

import pytest
from oscar.core.loading import get_class, get_model

from tests import factories
from tests.checkout import pay_milestone
from tests.migrations import migrate, migrate_to_latest

MilestonePayment = get_model("bidding", "MilestonePayment")
CommunicationEventType = get_model("communication", "CommunicationEventType")
RefundService = get_class("bidding.services.refunds", "RefundService")

BEFORE = [("bidding", "0014_sub_vendors")]
AFTER = [("bidding", "0016_disputes")]
CODES = ["BIDDING_DISPUTE_RESOLVED", "BIDDING_SUB_VENDOR_MILESTONE_PAID"]


@pytest.mark.django_db(transaction=True)
def test_refunded_payments_record_their_amount_and_the_emails_are_registered(
    latest_migrations_after, customer, vendor, staff, settings
):
    settings.OSCAR_BIDDING_MILESTONE_READINESS = "all"
    proposal = factories.ProposalService().accept(
        factories.make_proposal(factories.make_project(customer), vendor)
    )
    first, second = proposal.milestones.order_by("number")
    refunded = pay_milestone(first, customer).milestone_payments.get()
    paid = pay_milestone(second, customer).milestone_payments.get()
    RefundService().refund_payment(refunded, staff, "Cancelled")

    migrate(BEFORE)
    CommunicationEventType.objects.filter(code__in=CODES).delete()
    migrate(AFTER)
    migrate_to_latest()

    amounts = dict(MilestonePayment.objects.values_list("pk", "amount_refunded"))
    assert amounts == {refunded.pk: refunded.amount, paid.pk: 0}
    assert (
        sorted(
            CommunicationEventType.objects.filter(code__in=CODES).values_list(
                "code", flat=True
            )
        )
        == CODES
    )
