"""Staff decide a dispute: for the vendor, or a refund in full or in part.

Each decision is one audit row by staff with the note, a coherent amount
paid, the refund through the gateway and Oscar's payment event, e-mails to
both sides and the ``dispute_resolved`` signal; bad input changes nothing.
"""

from decimal import Decimal

import pytest
from django.db.models import F, Sum
from oscar.core.loading import get_class, get_model

from oscar_bidding import lifecycle, signals
from oscar_bidding.exceptions import BiddingError, IllegalTransition
from tests import factories
from tests.checkout import pay_milestone

Milestone = get_model("bidding", "Milestone")
MilestonePayment = get_model("bidding", "MilestonePayment")
Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
StatusChange = get_model("bidding", "StatusChange")
OutboxMessage = get_model("bidding", "OutboxMessage")
PaymentEvent = get_model("order", "PaymentEvent")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")
DisputeService = get_class("bidding.services.disputes", "DisputeService")
RefundService = get_class("bidding.services.refunds", "RefundService")

NOTE = "The tiles were laid, but half of them are cracked."


@pytest.fixture
def disputed(accepted_proposal, customer, vendor):
    """Milestone 1, paid, delivered and disputed by the customer."""
    milestone = accepted_proposal.milestones.get(number=1)
    pay_milestone(milestone, customer)
    MilestoneService().deliver(milestone, "Done", user=vendor)
    MilestoneService().dispute(milestone, "Half of it is missing.", user=customer)
    return Milestone.objects.get(pk=milestone.pk)


@pytest.fixture
def resolved():
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    signals.dispute_resolved.connect(receiver, weak=False, dispatch_uid="test-dr")
    yield calls
    signals.dispute_resolved.disconnect(dispatch_uid="test-dr")


def decision_row(milestone):
    return StatusChange.objects.filter(milestone=milestone).order_by("pk").last()


def decision_mail(milestone):
    return list(
        OutboxMessage.objects.filter(
            event_code="BIDDING_DISPUTE_RESOLVED", context__milestone_id=milestone.pk
        )
        .order_by("pk")
        .values_list("audience", flat=True)
    )


def assert_amounts_are_what_the_payments_kept(proposal):
    kept = MilestonePayment.objects.filter(status=MilestonePayment.PAID).annotate(
        kept=F("amount") - F("amount_refunded")
    )
    for milestone in Milestone.objects.filter(proposal=proposal):
        total = kept.filter(milestone=milestone).aggregate(t=Sum("kept"))["t"] or 0
        assert milestone.amount_paid == total
    total = kept.filter(milestone__proposal=proposal).aggregate(t=Sum("kept"))["t"]
    assert Proposal.objects.get(pk=proposal.pk).amount_paid == (total or 0)


def test_approving_for_the_vendor_completes_the_milestone_with_a_staff_audit_row(
    disputed, staff, resolved, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        DisputeService().approve(disputed, staff, f"  {NOTE}  ")

    milestone = Milestone.objects.get(pk=disputed.pk)
    assert milestone.status == Milestone.COMPLETED
    assert milestone.amount_paid == milestone.amount_incl_tax
    row = decision_row(milestone)
    assert (row.old_status, row.new_status, row.user, row.role, row.note) == (
        Milestone.DISPUTED,
        Milestone.COMPLETED,
        staff,
        lifecycle.STAFF,
        NOTE,
    )
    assert decision_mail(milestone) == ["customer", "vendor"]
    # Not also the customer-approval e-mail to the vendor.
    assert not OutboxMessage.objects.filter(
        event_code="BIDDING_MILESTONE_APPROVED"
    ).exists()
    (call,) = resolved
    assert (call["instance"].pk, call["decision"], call["amount_refunded"]) == (
        milestone.pk,
        "approved",
        0,
    )
    assert (call["user"], call["note"], call["payment"]) == (staff, NOTE, None)
    by_recipient = {tuple(m.to): m for m in mailoutbox}
    customer_mail = by_recipient[(milestone.proposal.project.customer.email,)]
    assert "decided for the vendor" in customer_mail.body
    assert NOTE in customer_mail.body
    assert ("vendor1@example.com",) in by_recipient


def test_approving_the_last_milestone_completes_the_proposal_and_the_project(
    disputed, staff, customer, vendor
):
    second = disputed.proposal.milestones.get(number=2)
    MilestoneService().mark_ready(second, user=vendor)
    pay_milestone(second, customer)
    factories.complete_milestone(second, user=vendor)

    DisputeService().approve(disputed, staff, NOTE)

    proposal = Proposal.objects.get(pk=disputed.proposal_id)
    assert proposal.status == Proposal.COMPLETED
    assert proposal.project.status == Project.COMPLETED


def test_a_full_refund_refunds_the_milestone_through_the_gateway(
    disputed, staff, refund_gateway, resolved, django_capture_on_commit_callbacks
):
    paid = disputed.amount_paid

    with django_capture_on_commit_callbacks(execute=True):
        DisputeService().refund(disputed, paid, staff, NOTE)

    milestone = Milestone.objects.get(pk=disputed.pk)
    assert (milestone.status, milestone.amount_paid) == (Milestone.REFUNDED, 0)
    payment = milestone.payments.get()
    assert (payment.status, payment.amount_refunded, payment.refunded_by) == (
        MilestonePayment.REFUNDED,
        paid,
        staff,
    )
    assert (payment.refund_reason, payment.refund_reference) == (NOTE, "RF-1")
    (call,) = refund_gateway.refunds
    assert (call["order_number"], call["amount"], call["reason"]) == (
        payment.order_number,
        paid,
        NOTE,
    )
    event = PaymentEvent.objects.get(order=payment.order, event_type__name="Refunded")
    assert event.amount == paid
    assert event.line_quantities.count() == payment.order.lines.count()
    row = decision_row(milestone)
    assert (row.old_status, row.new_status, row.user, row.role) == (
        Milestone.DISPUTED,
        Milestone.REFUNDED,
        staff,
        lifecycle.STAFF,
    )
    assert NOTE in row.note and "Refunded" in row.note
    assert decision_mail(milestone) == ["customer", "vendor"]
    assert [(c["decision"], c["amount_refunded"]) for c in resolved] == [
        ("refunded", paid)
    ]
    assert resolved[0]["payment"].pk == payment.pk
    assert_amounts_are_what_the_payments_kept(milestone.proposal)


def test_a_partial_refund_completes_the_milestone_and_records_the_amount(
    disputed, staff, refund_gateway, resolved, django_capture_on_commit_callbacks
):
    paid = disputed.amount_paid
    part = Decimal("10.00")
    assert part < paid

    with django_capture_on_commit_callbacks(execute=True):
        DisputeService().refund(disputed, part, staff, NOTE)

    milestone = Milestone.objects.get(pk=disputed.pk)
    assert milestone.status == Milestone.COMPLETED
    assert milestone.date_completed is not None
    assert milestone.amount_paid == paid - part
    payment = milestone.payments.get()
    assert (payment.status, payment.amount_refunded, payment.refundable) == (
        MilestonePayment.PAID,
        part,
        paid - part,
    )
    assert payment.refunded_by == staff and payment.date_refunded is not None
    assert [c["amount"] for c in refund_gateway.refunds] == [part]
    event = PaymentEvent.objects.get(order=payment.order, event_type__name="Refunded")
    assert event.amount == part
    assert event.line_quantities.count() == 0
    row = decision_row(milestone)
    assert (row.new_status, row.user, row.role) == (
        Milestone.COMPLETED,
        staff,
        lifecycle.STAFF,
    )
    assert "£10.00" in row.note and NOTE in row.note
    assert decision_mail(milestone) == ["customer", "vendor"]
    message = OutboxMessage.objects.get(
        event_code="BIDDING_DISPUTE_RESOLVED", audience="customer"
    )
    assert message.context["amount_refunded"] == "10.00"
    assert [(c["decision"], c["amount_refunded"]) for c in resolved] == [
        ("partly_refunded", part)
    ]
    assert_amounts_are_what_the_payments_kept(milestone.proposal)


def test_a_partly_refunded_payment_refunded_later_gives_back_only_the_rest(
    disputed, staff, refund_gateway
):
    paid = disputed.amount_paid
    DisputeService().refund(disputed, Decimal("10.00"), staff, NOTE)
    payment = MilestonePayment.objects.get(milestone=disputed)

    RefundService().refund_payment(payment, staff, "Goodwill")

    payment.refresh_from_db()
    assert (payment.status, payment.amount_refunded) == (
        MilestonePayment.REFUNDED,
        paid,
    )
    assert [c["amount"] for c in refund_gateway.refunds] == [
        Decimal("10.00"),
        paid - Decimal("10.00"),
    ]
    milestone = Milestone.objects.get(pk=disputed.pk)
    assert (milestone.status, milestone.amount_paid) == (Milestone.COMPLETED, 0)
    assert_amounts_are_what_the_payments_kept(milestone.proposal)


@pytest.mark.parametrize(
    "amount, message",
    [
        (Decimal("0"), "Refund an amount above zero."),
        (Decimal("-5.00"), "Refund an amount above zero."),
        (Decimal("1.005"), "too many decimals"),
        (None, "Refund an amount above zero."),
    ],
)
def test_a_bad_amount_is_refused_and_changes_nothing(
    disputed, staff, refund_gateway, amount, message
):
    with pytest.raises(BiddingError, match=message):
        DisputeService().refund(disputed, amount, staff, NOTE)

    assert_nothing_changed(disputed, refund_gateway)


def test_more_than_was_paid_is_refused_and_changes_nothing(
    disputed, staff, refund_gateway
):
    with pytest.raises(BiddingError, match="at most £"):
        DisputeService().refund(
            disputed, disputed.amount_paid + Decimal("0.01"), staff, NOTE
        )

    assert_nothing_changed(disputed, refund_gateway)


def assert_nothing_changed(disputed, refund_gateway):
    milestone = Milestone.objects.get(pk=disputed.pk)
    assert (milestone.status, milestone.amount_paid) == (
        Milestone.DISPUTED,
        disputed.amount_paid,
    )
    payment = milestone.payments.get()
    assert (payment.status, payment.amount_refunded) == (MilestonePayment.PAID, 0)
    assert refund_gateway.refunds == []
    assert not PaymentEvent.objects.filter(event_type__name="Refunded").exists()
    assert decision_row(milestone).new_status == Milestone.DISPUTED
    assert decision_mail(milestone) == []


@pytest.mark.parametrize("decision", ["approve", "refund"])
def test_a_decision_needs_a_note(disputed, staff, refund_gateway, decision):
    args = (staff, "  ") if decision == "approve" else (Decimal("1.00"), staff, "")
    with pytest.raises(BiddingError, match="Write a note"):
        getattr(DisputeService(), decision)(disputed, *args)

    assert_nothing_changed(disputed, refund_gateway)


@pytest.mark.parametrize("who", ["customer", "vendor"])
def test_only_staff_decide(disputed, refund_gateway, request, who):
    user = request.getfixturevalue(who)
    with pytest.raises(BiddingError, match="Only shop staff"):
        DisputeService().approve(disputed, user, NOTE)
    with pytest.raises(BiddingError, match="Only shop staff"):
        DisputeService().refund(disputed, Decimal("1.00"), user, NOTE)

    assert_nothing_changed(disputed, refund_gateway)


def test_a_decided_dispute_is_not_decided_again(disputed, staff, refund_gateway):
    DisputeService().approve(disputed, staff, NOTE)

    with pytest.raises(IllegalTransition, match="already decided"):
        DisputeService().refund(disputed, Decimal("1.00"), staff, NOTE)
    with pytest.raises(IllegalTransition, match="already decided"):
        DisputeService().approve(disputed, staff, NOTE)

    assert refund_gateway.refunds == []
    assert decision_mail(disputed) == ["customer", "vendor"]


def test_the_gateway_refusing_leaves_the_dispute_open(disputed, staff, refund_gateway):
    from oscar.apps.payment.exceptions import PaymentError

    refund_gateway.refuse = "Card expired"
    with pytest.raises(PaymentError):
        DisputeService().refund(disputed, disputed.amount_paid, staff, NOTE)
    refund_gateway.refuse = None

    assert_nothing_changed(disputed, refund_gateway)


def test_a_full_refund_of_the_last_outstanding_milestone_completes_the_proposal(
    disputed, staff, customer, vendor, refund_gateway
):
    second = disputed.proposal.milestones.get(number=2)
    MilestoneService().mark_ready(second, user=vendor)
    pay_milestone(second, customer)
    factories.complete_milestone(second, user=vendor)

    DisputeService().refund(disputed, disputed.amount_paid, staff, NOTE)

    proposal = Proposal.objects.get(pk=disputed.proposal_id)
    assert proposal.status == Proposal.COMPLETED
    assert proposal.project.status == Project.COMPLETED


def test_a_decision_on_a_sub_vendors_milestone_tells_the_sub_vendor_too(
    disputed, staff
):
    crew = factories.make_vendor("crew@example.com", "Tiling Crew").partners.get()
    Milestone.objects.filter(pk=disputed.pk).update(sub_vendor=crew)
    disputed.refresh_from_db()

    DisputeService().approve(disputed, staff, NOTE)

    assert decision_mail(disputed) == ["customer", "vendor", "sub_vendor"]


def test_staff_see_the_dispute_decisions_in_the_milestone_actions(
    disputed, staff, customer, vendor
):
    assert disputed.actions_for(staff) >= {"approve_for_vendor", "refund"}
    assert not disputed.actions_for(vendor) & {"approve_for_vendor", "refund"}
    assert not disputed.actions_for(customer) & {"approve_for_vendor", "refund"}
