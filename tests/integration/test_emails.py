"""E-mails go out through Oscar's communication framework, only after commit."""

import pytest
from django.db import transaction
from oscar.core.loading import get_class, get_model

from tests import factories

CommunicationEventType = get_model("communication", "CommunicationEventType")
Milestone = get_model("bidding", "Milestone")
OutboxMessage = get_model("bidding", "OutboxMessage")
ProposalService = get_class("bidding.services.proposals", "ProposalService")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")


class Rollback(Exception):
    pass


def html_of(message):
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return html


@pytest.fixture
def draft(project, vendor):
    return factories.make_proposal(project, vendor, submit=False)


def test_submitting_a_proposal_emails_the_customer(
    draft, customer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ProposalService().submit(draft)

    (message,) = mailoutbox
    assert message.to == [customer.email]
    assert message.subject == 'New proposal for your project "Kitchen refit"'
    assert "Vendor One sent a proposal" in message.body
    assert f"http://example.com/projects/proposals/{draft.pk}/" in message.body
    assert f'href="http://example.com/projects/proposals/{draft.pk}/"' in html_of(
        message
    )


def test_accepting_a_proposal_emails_its_vendor_and_the_rejected_vendors(
    project, proposal, other_vendor, mailoutbox, django_capture_on_commit_callbacks
):
    other = factories.make_proposal(project, other_vendor)

    with django_capture_on_commit_callbacks(execute=True):
        ProposalService().accept(proposal)

    by_recipient = {tuple(message.to): message for message in mailoutbox}
    assert set(by_recipient) == {("vendor1@example.com",), ("vendor2@example.com",)}
    accepted = by_recipient[("vendor1@example.com",)]
    assert accepted.subject == 'Your proposal for "Kitchen refit" was accepted'
    assert (
        f"http://example.com/dashboard/bidding/proposals/{proposal.pk}/"
        in accepted.body
    )
    rejected = by_recipient[("vendor2@example.com",)]
    assert rejected.subject == 'Your proposal for "Kitchen refit" was not accepted'
    assert (
        f"http://example.com/dashboard/bidding/proposals/{other.pk}/" in rejected.body
    )


def test_rejecting_a_proposal_emails_its_vendor(
    proposal, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ProposalService().reject(proposal)

    (message,) = mailoutbox
    assert message.to == ["vendor1@example.com"]
    assert message.subject == 'Your proposal for "Kitchen refit" was not accepted'


def test_changing_a_submitted_proposal_emails_the_customer_through_the_outbox(
    proposal, customer, mailoutbox, django_capture_on_commit_callbacks
):
    specs = factories.milestone_specs(milestones=1, items=1)

    with django_capture_on_commit_callbacks(execute=True):
        ProposalService().update(proposal, specs)

    (queued,) = OutboxMessage.objects.filter(event_code="BIDDING_PROPOSAL_CHANGED")
    assert queued.status == OutboxMessage.SENT
    (message,) = mailoutbox
    assert message.to == [customer.email]
    assert message.subject == 'Vendor One changed their proposal for "Kitchen refit"'
    assert "it is now £200.00 in 1 milestone." in message.body
    assert f"http://example.com/projects/proposals/{proposal.pk}/" in message.body


def test_marking_a_milestone_ready_tells_the_customer(
    accepted_proposal, customer, vendor, mailoutbox, django_capture_on_commit_callbacks
):
    second = accepted_proposal.milestones.get(number=2)

    with django_capture_on_commit_callbacks(execute=True):
        MilestoneService().mark_ready(second, user=vendor)

    (message,) = mailoutbox
    assert message.to == [customer.email]
    assert message.subject == 'Milestone 2 of "Kitchen refit" is ready to pay'
    assert '"Stage 2", is ready to pay.' in message.body
    assert "£400.00" in message.body


def test_automatic_readiness_emails_the_next_milestone_ready_on_approval(
    accepted_proposal,
    customer,
    mailoutbox,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.OSCAR_BIDDING_MILESTONE_READINESS = "automatic"
    first = accepted_proposal.milestones.get(number=1)
    # Payments come with the checkout; here the milestone is simply marked paid.
    Milestone.objects.filter(pk=first.pk).update(status=Milestone.PAID)

    with django_capture_on_commit_callbacks(execute=True):
        factories.complete_milestone(first)

    subjects = {message.subject for message in mailoutbox}
    assert 'Milestone 2 of "Kitchen refit" is ready to pay' in subjects


def test_a_delivery_tells_the_customer_with_the_vendors_note(
    accepted_proposal, customer, vendor, mailoutbox, django_capture_on_commit_callbacks
):
    first = accepted_proposal.milestones.get(number=1)
    Milestone.objects.filter(pk=first.pk).update(status=Milestone.PAID)

    with django_capture_on_commit_callbacks(execute=True):
        MilestoneService().deliver(first, "Cabinets fitted.", user=vendor)

    (message,) = mailoutbox
    assert message.to == [customer.email]
    assert message.subject == 'Milestone 1 of "Kitchen refit" was delivered'
    assert "Cabinets fitted." in message.body
    assert f"http://example.com/projects/proposals/{accepted_proposal.pk}/" in (
        message.body
    )
    assert "Cabinets fitted." in html_of(message)


@pytest.mark.parametrize(
    "answer,subject,shown",
    [
        ("approve", 'Milestone 1 of "Kitchen refit" was approved', "it is completed"),
        (
            "request_revision",
            'A revision of milestone 1 of "Kitchen refit" is asked for',
            "The doors squeak.",
        ),
        (
            "dispute",
            'Milestone 1 of "Kitchen refit" is disputed',
            "The doors squeak.",
        ),
    ],
)
def test_the_customers_answer_tells_the_vendor(
    accepted_proposal,
    customer,
    vendor,
    mailoutbox,
    django_capture_on_commit_callbacks,
    answer,
    subject,
    shown,
):
    first = accepted_proposal.milestones.get(number=1)
    Milestone.objects.filter(pk=first.pk).update(status=Milestone.PAID)
    MilestoneService().deliver(first, "Done", user=vendor)

    with django_capture_on_commit_callbacks(execute=True):
        if answer == "approve":
            MilestoneService().approve(first, user=customer)
        else:
            getattr(MilestoneService(), answer)(
                first, "The doors squeak.", user=customer
            )

    (message,) = [m for m in mailoutbox if m.to == [vendor.email]]
    assert message.subject == subject
    assert shown in message.body
    assert (
        f"http://example.com/dashboard/bidding/proposals/{accepted_proposal.pk}/"
        in message.body
    )


def test_a_dispute_tells_shop_staff_too(
    accepted_proposal,
    customer,
    vendor,
    staff,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    first = accepted_proposal.milestones.get(number=1)
    Milestone.objects.filter(pk=first.pk).update(status=Milestone.PAID)
    MilestoneService().deliver(first, "Done", user=vendor)

    with django_capture_on_commit_callbacks(execute=True):
        MilestoneService().dispute(first, "Nothing was fitted.", user=customer)

    (message,) = [m for m in mailoutbox if m.to == [staff.email]]
    assert message.subject == 'Milestone 1 of "Kitchen refit" is disputed'
    assert "Nothing was fitted." in message.body
    assert "decide it from the dashboard" in message.body
    assert (
        f"http://example.com/dashboard/bidding/proposals/{accepted_proposal.pk}/"
        in message.body
    )
    assert customer.email not in {to for m in mailoutbox for to in m.to}


def test_no_email_is_sent_before_the_transaction_commits(
    draft, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ProposalService().submit(draft)

    assert mailoutbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mailoutbox) == 1


def test_a_rolled_back_change_sends_no_email(
    draft, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Rollback), transaction.atomic():
            ProposalService().submit(draft)
            raise Rollback

    assert callbacks == []
    assert mailoutbox == []


def test_html_body_escapes_the_project_title(
    customer, vendor, mailoutbox, django_capture_on_commit_callbacks
):
    project = factories.make_project(customer, title="<b>Big</b> & co")

    with django_capture_on_commit_callbacks(execute=True):
        factories.make_proposal(project, vendor)

    (message,) = mailoutbox
    html = html_of(message)
    assert "&lt;b&gt;Big&lt;/b&gt; &amp; co" in html
    assert "<b>Big</b>" not in html
    assert '"<b>Big</b> & co"' in message.subject
    assert '"<b>Big</b> & co"' in message.body


def test_shop_overrides_the_email_text_in_the_dashboard(
    draft, mailoutbox, django_capture_on_commit_callbacks
):
    CommunicationEventType.objects.filter(code="BIDDING_PROPOSAL_RECEIVED").update(
        email_body_template="Custom text about {{ project.title }}."
    )

    with django_capture_on_commit_callbacks(execute=True):
        ProposalService().submit(draft)

    (message,) = mailoutbox
    assert message.body == "Custom text about Kitchen refit."
