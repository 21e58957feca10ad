"""Oscar's notifications inbox: each event a customer or vendor must act on
puts one notification in the inbox of each user who must act, written with
the change in one INSERT, and none anywhere else."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from tests import factories
from tests.checkout import pay_milestone

Notification = get_model("communication", "Notification")
Milestone = get_model("bidding", "Milestone")
OutboxMessage = get_model("bidding", "OutboxMessage")
ProposalService = get_class("bidding.services.proposals", "ProposalService")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")
Notifier = get_class("bidding.notifications", "Notifier")
ConversationService = get_class("bidding.services.conversations", "ConversationService")

ALL_EVENTS = [
    "proposal_submitted",
    "proposal_changed",
    "proposal_changes_requested",
    "message_posted",
    "milestone_ready",
    "milestone_delivered",
    "milestone_revision_requested",
    "milestone_disputed",
]


class Rollback(Exception):
    pass


@pytest.fixture
def colleague(vendor):
    """A second user of the vendor's partner: the vendor's side is all of them."""
    user = factories.make_user("colleague@example.com")
    vendor.partners.first().users.add(user)
    return user


@pytest.fixture
def bystanders(other_customer, other_vendor, staff):
    return [other_customer, other_vendor, staff]


@pytest.fixture
def draft(project, vendor):
    return factories.make_proposal(project, vendor, submit=False)


@pytest.fixture
def paid(accepted_proposal, customer):
    first = accepted_proposal.milestones.get(number=1)
    pay_milestone(first, customer)
    first.refresh_from_db()
    return first


@pytest.fixture
def delivered(paid, vendor):
    return MilestoneService().deliver(paid, "Cabinets fitted.", user=vendor)


def inbox_of(user):
    return list(Notification.objects.filter(recipient=user).order_by("pk"))


def recipients():
    return sorted(Notification.objects.values_list("recipient_id", flat=True))


def notification_inserts(queries):
    table = Notification._meta.db_table
    return [q["sql"] for q in queries if q["sql"].startswith(f'INSERT INTO "{table}"')]


def test_the_default_setting_lists_every_inbox_event():
    from oscar_bidding import defaults

    assert defaults.OSCAR_BIDDING_INBOX_EVENTS == ALL_EVENTS


def test_the_title_in_a_subject_is_escaped(customer, vendor):
    project = factories.make_project(customer, title="<b>Bold</b> kitchen")
    factories.make_proposal(project, vendor)

    (notification,) = Notification.objects.all()
    assert "&lt;b&gt;Bold&lt;/b&gt; kitchen" in notification.subject
    assert "<b>" not in notification.subject + notification.body


def test_a_new_proposal_lands_in_the_customers_inbox_only(
    draft, customer, vendor, colleague, bystanders
):
    ProposalService().submit(draft, user=vendor)

    (notification,) = Notification.objects.all()
    assert notification.recipient == customer
    assert not notification.is_read
    assert notification.location == Notification.INBOX
    url = f"/projects/proposals/{draft.pk}/"
    assert notification.subject == (
        f'New proposal from Vendor One for your project <a href="{url}">'
        '"Kitchen refit"</a>'
    )
    assert "Vendor One sent a proposal" in notification.body
    assert f'href="{url}"' in notification.body


def test_a_changed_proposal_lands_in_the_customers_inbox(proposal, customer):
    Notification.objects.all().delete()

    ProposalService().update(
        proposal, factories.milestone_specs(milestones=1), cover_letter="Cheaper."
    )

    (notification,) = Notification.objects.all()
    assert notification.recipient == customer
    assert "changed its proposal" in notification.subject


def test_a_milestone_marked_ready_lands_in_the_customers_inbox(
    accepted_proposal, customer, vendor, colleague, bystanders
):
    Notification.objects.all().delete()
    second = accepted_proposal.milestones.get(number=2)

    MilestoneService().mark_ready(second, user=vendor)

    (notification,) = Notification.objects.all()
    assert notification.recipient == customer
    assert notification.subject.startswith("Milestone 2 of <a href=")
    assert notification.subject.endswith("is ready to pay")
    assert "Pay it from Proposal Details" in notification.body


def test_a_delivery_lands_in_the_customers_inbox_with_the_note(
    paid, customer, vendor, colleague, bystanders
):
    Notification.objects.all().delete()

    MilestoneService().deliver(paid, "Cabinets fitted.", user=vendor)

    (notification,) = Notification.objects.all()
    assert notification.recipient == customer
    assert "was delivered" in notification.subject
    assert "Cabinets fitted." in notification.body
    assert f'href="/projects/proposals/{paid.proposal_id}/"' in notification.body


def test_a_revision_request_lands_in_every_vendor_users_inbox(
    delivered, customer, vendor, colleague, bystanders
):
    Notification.objects.all().delete()

    MilestoneService().request_revision(delivered, "Wrong colour.", user=customer)

    assert recipients() == sorted([vendor.pk, colleague.pk])
    notification = inbox_of(colleague)[0]
    assert "A revision of milestone 1" in notification.subject
    url = f"/dashboard/bidding/proposals/{delivered.proposal_id}/"
    assert f'href="{url}"' in notification.subject
    assert "Wrong colour." in notification.body


def test_a_dispute_lands_in_every_vendor_users_inbox_not_the_staffs(
    delivered, customer, vendor, colleague, bystanders
):
    Notification.objects.all().delete()

    MilestoneService().dispute(delivered, "Nothing was fitted.", user=customer)

    assert recipients() == sorted([vendor.pk, colleague.pk])
    assert "is disputed" in inbox_of(vendor)[0].subject
    assert "Nothing was fitted." in inbox_of(vendor)[0].body


def test_a_vendor_user_no_longer_active_gets_nothing(
    delivered, customer, vendor, colleague
):
    Notification.objects.all().delete()
    colleague.is_active = False
    colleague.save()

    MilestoneService().dispute(delivered, "No.", user=customer)

    assert recipients() == [vendor.pk]


def test_each_event_is_one_insert_for_all_its_recipients(
    delivered, customer, vendor, colleague
):
    Notification.objects.all().delete()

    with CaptureQueriesContext(connection) as queries:
        MilestoneService().request_revision(delivered, "Again.", user=customer)

    assert len(notification_inserts(queries.captured_queries)) == 1
    assert Notification.objects.count() == 2


def test_paying_a_milestone_puts_nothing_in_any_inbox(accepted_proposal, customer):
    Notification.objects.all().delete()

    pay_milestone(accepted_proposal.milestones.get(number=1), customer)

    assert not Notification.objects.exists()


def test_a_rolled_back_change_leaves_no_notification(draft, vendor):
    with pytest.raises(Rollback), transaction.atomic():
        ProposalService().submit(draft, user=vendor)
        assert Notification.objects.count() == 1
        raise Rollback

    assert not Notification.objects.exists()


def test_a_rolled_back_delivery_leaves_no_notification(paid, vendor):
    Notification.objects.all().delete()

    with pytest.raises(Rollback), transaction.atomic():
        MilestoneService().deliver(paid, "Done.", user=vendor)
        raise Rollback

    assert not Notification.objects.exists()


def test_an_event_left_out_of_the_setting_stays_out_of_the_inbox_but_is_emailed(
    draft, vendor, settings
):
    settings.OSCAR_BIDDING_INBOX_EVENTS = [
        code for code in ALL_EVENTS if code != "proposal_submitted"
    ]

    with CaptureQueriesContext(connection) as queries:
        ProposalService().submit(draft, user=vendor)

    assert not Notification.objects.exists()
    assert not notification_inserts(queries.captured_queries)
    assert OutboxMessage.objects.filter(event_code="BIDDING_PROPOSAL_RECEIVED").exists()


def test_the_setting_leaves_the_other_events_on(delivered, customer, settings):
    Notification.objects.all().delete()
    settings.OSCAR_BIDDING_INBOX_EVENTS = ["milestone_disputed"]

    MilestoneService().request_revision(delivered, "Again.", user=customer)
    assert not Notification.objects.exists()

    MilestoneService().deliver(delivered, "Again.", user=delivered.proposal.author)
    MilestoneService().dispute(delivered, "No.", user=customer)
    assert Notification.objects.count() == 1


# For the parts of the shop that call the inbox themselves ---------------------


def test_a_posted_message_lands_in_the_other_sides_inbox(
    proposal, customer, vendor, colleague, bystanders
):
    Notification.objects.all().delete()

    Notifier().inbox_message_posted(proposal, "vendor", sender=customer)

    assert recipients() == sorted([vendor.pk, colleague.pk])
    notification = inbox_of(vendor)[0]
    assert notification.sender == customer
    assert notification.subject.startswith("New message about <a href=")
    assert "Read the conversation" in notification.body

    Notifier().inbox_message_posted(proposal, "customer", sender=vendor)

    assert [n.sender for n in inbox_of(customer)] == [vendor]


def test_changes_requested_land_in_the_vendor_users_inbox_and_send_no_email(
    proposal, customer, vendor, colleague, bystanders
):
    Notification.objects.all().delete()
    OutboxMessage.objects.all().delete()

    Notifier().inbox_changes_requested(proposal, sender=customer, note="Cheaper.")

    assert recipients() == sorted([vendor.pk, colleague.pk])
    notification = inbox_of(vendor)[0]
    assert "Changes requested to your proposal" in notification.subject
    assert "Cheaper." in notification.body
    assert not OutboxMessage.objects.exists()


def test_notify_inbox_takes_users_or_their_keys_and_a_shops_own_event(
    proposal, customer, vendor, other_customer, settings, tmp_path
):
    Notification.objects.all().delete()
    (tmp_path / "oscar_bidding" / "inbox").mkdir(parents=True)
    for part, text in [("subject", "Quote {{ n }}"), ("body", "<p>{{ n }}</p>")]:
        (tmp_path / "oscar_bidding" / "inbox" / f"quote_due_{part}.html").write_text(
            text
        )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    settings.OSCAR_BIDDING_INBOX_EVENTS = [*ALL_EVENTS, "quote_due"]

    created = Notifier().notify_inbox(
        "quote_due", [customer, vendor.pk, customer], {"n": 7}
    )

    assert sorted(n.recipient_id for n in created) == sorted([customer.pk, vendor.pk])
    assert {(n.subject, n.body) for n in Notification.objects.all()} == {
        ("Quote 7", "<p>7</p>")
    }
    assert Notifier().notify_inbox("quote_due", [], {"n": 7}) == []


def test_a_long_title_is_cut_to_fit_the_subject(customer, vendor):
    project = factories.make_project(customer, title="Kitchen " * 30)
    factories.make_proposal(project, vendor)

    (notification,) = Notification.objects.all()
    assert len(notification.subject) <= 255
    assert notification.subject.endswith("</a>")


def test_the_demo_command_notifier_keeps_the_inbox_empty(draft, vendor):
    from oscar_bidding.management.commands.bidding_demo import SilentNotifier

    service = ProposalService()
    service.notifier = SilentNotifier()
    service.submit(draft, user=vendor)
    SilentNotifier().inbox_message_posted(draft, "customer")

    assert not Notification.objects.exists()


def test_a_message_on_a_proposal_reaches_the_other_sides_inbox_with_a_link_to_it(
    customer, vendor, project
):
    proposal = factories.make_proposal(project, vendor)
    conversation = ConversationService().get_or_create(project, proposal.partner)

    ConversationService().post(conversation, vendor, "vendor", "Which tiles?")
    ConversationService().post(conversation, customer, "customer", "White ones.")

    (to_customer,) = Notification.objects.filter(recipient=customer).filter(
        subject__contains="message"
    )
    assert reverse("bidding:proposal-messages", kwargs={"pk": proposal.pk}) in (
        to_customer.body
    )
    (to_vendor,) = Notification.objects.filter(recipient=vendor).filter(
        subject__contains="message"
    )
    assert (
        reverse("bidding_dashboard:proposal-messages", kwargs={"pk": proposal.pk})
        in to_vendor.body
    )


def test_a_change_request_reaches_the_vendors_inbox_with_the_request(
    customer, vendor, project
):
    proposal = factories.make_proposal(project, vendor)

    ProposalService().request_changes(proposal, "Cheaper tiles, please.", user=customer)

    (notification,) = Notification.objects.filter(recipient=vendor).filter(
        body__contains="Cheaper tiles, please."
    )
    assert "asked for changes" in notification.body
