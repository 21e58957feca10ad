"""The vendor's e-mail about a paid milestone, sent by a real Celery worker
through a real Redis broker: once when the broker is up, once after it comes
back from an outage, once when the task reaches the worker twice."""

from io import StringIO

import pytest
import redis
from django.core.management import CommandError, call_command
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from oscar_bidding.notifications import MILESTONE_PAID
from tests.checkout import pay
from tests.worker import publishing_to, wait_for

Milestone = get_model("bidding", "Milestone")
OutboxMessage = get_model("bidding", "OutboxMessage")
Notifier = get_class("bidding.notifications", "Notifier")
ProposalService = get_class("bidding.services.proposals", "ProposalService")
deliver = get_class("bidding.tasks", "deliver")

pytestmark = pytest.mark.django_db(transaction=True)

VENDOR = "vendor1@example.com"
CUSTOMER = "customer@example.com"


def paid_subject(order):
    return f'Order {order.number}: a milestone of "Kitchen refit" was paid'


def message_of(order):
    """The vendor's e-mail about the order."""
    return OutboxMessage.objects.get(
        context__order_id=order.pk, event_code=MILESTONE_PAID
    )


def sent(message):
    return OutboxMessage.objects.get(pk=message.pk).status == OutboxMessage.SENT


def all_sent():
    """Every e-mail written is sent: the worker is done with the database."""
    return not OutboxMessage.objects.exclude(status=OutboxMessage.SENT).exists()


@pytest.fixture
def milestone(accepted_proposal):
    return accepted_proposal.milestones.get(number=1)


def test_worker_emails_the_vendor_once_when_a_milestone_is_paid(
    client, customer, milestone, broker, worker, worker_log, mailbox
):
    with publishing_to(broker.url):
        order = pay(client, customer, milestone)

    wait_for(all_sent, "the worker to send the e-mails", worker_log)
    assert mailbox.subjects_to(VENDOR) == [paid_subject(order)]


def test_order_placed_while_the_broker_is_down_is_emailed_once_it_is_back(
    client, customer, milestone, broker, worker, worker_log, mailbox, settings, caplog
):
    settings.OSCAR_BIDDING_OUTBOX_RELAY_AFTER = 0
    with publishing_to(broker.url):
        broker.stop()
        order = pay(client, customer, milestone)

        assert order.status == "Complete"
        assert Milestone.objects.get(pk=milestone.pk).status == Milestone.PAID
        message = message_of(order)
        assert message.status == OutboxMessage.PENDING
        assert message.attempts == 1
        assert "Connection refused" in message.last_error
        assert f"E-mail {message.pk} not enqueued, left to the relay" in caplog.text
        assert mailbox.subjects_to(VENDOR) == []

        still_down = StringIO()
        with pytest.raises(CommandError):
            call_command("bidding_relay_outbox", stdout=still_down, stderr=StringIO())
        assert still_down.getvalue() == "Enqueued 0, failed 2.\n"

        broker.start()
        relayed = StringIO()
        call_command("bidding_relay_outbox", stdout=relayed)

    assert relayed.getvalue() == "Enqueued 2, failed 0.\n"
    wait_for(lambda: sent(message), "the relayed e-mail", worker_log)
    assert mailbox.subjects_to(VENDOR) == [paid_subject(order)]
    confirmation = OutboxMessage.objects.get(event_code="ORDER_PLACED")
    wait_for(lambda: sent(confirmation), "the relayed confirmation", worker_log)
    assert mailbox.subjects_to(CUSTOMER) == [f"Confirmation of order {order.number}"]
    assert not OutboxMessage.objects.filter(status=OutboxMessage.PENDING).exists()


def test_a_proposal_accepted_while_the_broker_is_stopped_is_accepted_and_emailed_later(
    client, customer, proposal, broker, worker, worker_log, mailbox, settings
):
    settings.OSCAR_BIDDING_OUTBOX_RELAY_AFTER = 0
    OutboxMessage.objects.all().delete()
    client.force_login(customer)
    with publishing_to(broker.url):
        broker.stop()
        response = client.post(
            reverse("bidding:proposal-accept", args=[proposal.pk]),
            {"version": proposal.version},
        )

        assert response.status_code == 302
        proposal.refresh_from_db()
        assert proposal.status == proposal.ACCEPTED
        (message,) = OutboxMessage.objects.all()
        assert message.status == OutboxMessage.PENDING
        assert "Connection refused" in message.last_error

        broker.start()
        call_command("bidding_relay_outbox", stdout=StringIO())

    wait_for(lambda: sent(message), "the relayed e-mail", worker_log)
    assert mailbox.subjects_to(VENDOR) == [
        'Your proposal for "Kitchen refit" was accepted'
    ]


def test_a_task_the_worker_receives_twice_sends_one_email(
    client, customer, milestone, broker, worker, worker_log, mailbox
):
    with publishing_to(broker.url):
        order = pay(client, customer, milestone)
        message = message_of(order)
        deliver.delay(message.pk)
        deliver.delay(message.pk)
        # Queued last, so the worker has handled the three deliveries before it.
        Notifier().proposal_submitted(milestone.proposal)

    wait_for(all_sent, "the last e-mail", worker_log)
    assert mailbox.subjects_to(VENDOR) == [paid_subject(order)]


def test_the_kept_broker_connection_is_opened_again_after_a_broker_restart(
    client, customer, proposal, broker, worker, worker_log, mailbox, settings
):
    settings.OSCAR_BIDDING_ALL_MILESTONES_READY = True
    ProposalService().accept(proposal)
    first, second = proposal.milestones.order_by("number")
    with publishing_to(broker.url):
        pay(client, customer, first)
        wait_for(all_sent, "the first order's e-mails", worker_log)
        broker.stop()
        broker.start()

        order = pay(client, customer, second)

    message = message_of(order)
    assert (message.attempts, message.last_error) == (0, "")  # enqueued at once
    wait_for(all_sent, "the second order's e-mails", worker_log)
    assert paid_subject(order) in mailbox.subjects_to(VENDOR)


def test_the_emails_of_many_orders_go_through_one_kept_broker_connection(
    client, customer, proposal, broker, worker, worker_log, settings
):
    settings.OSCAR_BIDDING_ALL_MILESTONES_READY = True
    ProposalService().accept(proposal)
    first, second = proposal.milestones.order_by("number")
    stats = redis.Redis.from_url(broker.url)
    with publishing_to(broker.url):
        pay(client, customer, first)
        before = stats.info("stats")["total_connections_received"]

        pay(client, customer, second)  # two more e-mails

    # The first order's connection carried the second's e-mails too.
    assert stats.info("stats")["total_connections_received"] == before
    wait_for(all_sent, "the e-mails", worker_log)
