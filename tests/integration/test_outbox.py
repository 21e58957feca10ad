"""The e-mail outbox: written with the change, sent once, relayed when its
enqueue was lost. Tasks run in the test's process here; tests/worker runs them
in a real worker."""

import logging
import socket
import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.log import configure_logging
from oscar.core.loading import get_class, get_model

from oscar_bidding.notifications import MILESTONE_PAID
from oscar_bidding.services import outbox
from tests import factories
from tests.checkout import pay
from tests.worker import DEADLINE, free_port, publishing_to

OutboxMessage = get_model("bidding", "OutboxMessage")
Dispatcher = get_class("communication.utils", "Dispatcher")
OutboxService = get_class("bidding.services.outbox", "OutboxService")
ProposalService = get_class("bidding.services.proposals", "ProposalService")
deliver = get_class("bidding.tasks", "deliver")
relay_outbox = get_class("bidding.tasks", "relay_outbox")

RECEIVED = "BIDDING_PROPOSAL_RECEIVED"


def closed_broker():
    """A Redis URL on a port nothing listens on: a broker that is down."""
    return f"redis://127.0.0.1:{free_port()}/0"


class Rollback(Exception):
    pass


class MailServerDown(Exception):
    pass


def refuse(*args, **kwargs):
    raise MailServerDown


@pytest.fixture
def draft(project, vendor):
    return factories.make_proposal(project, vendor, submit=False)


def pending_message(proposal, age=timedelta(0), **fields):
    """A message committed without its enqueue, as after a crash, ``age`` old."""
    message = OutboxMessage.objects.create(
        event_code=RECEIVED,
        audience="customer",
        context={"proposal_id": proposal.pk},
        **fields,
    )
    OutboxMessage.objects.filter(pk=message.pk).update(
        date_created=timezone.now() - age
    )
    return message


def status_of(message):
    return OutboxMessage.objects.get(pk=message.pk).status


def test_the_message_is_written_in_the_changes_transaction_and_rolled_back_with_it(
    draft, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Rollback), transaction.atomic():
            ProposalService().submit(draft)
            (message,) = OutboxMessage.objects.all()
            assert message.event_code == RECEIVED
            assert message.audience == "customer"
            assert message.context == {"proposal_id": draft.pk}
            assert message.status == OutboxMessage.PENDING
            raise Rollback

    assert not OutboxMessage.objects.exists()
    assert callbacks == []
    assert mailoutbox == []


def test_a_message_delivered_twice_sends_one_email(
    draft, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ProposalService().submit(draft)
    (message,) = OutboxMessage.objects.all()
    assert len(mailoutbox) == 1

    deliver.delay(message.pk)

    assert len(mailoutbox) == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.SENT
    assert message.date_sent is not None


def test_a_message_whose_sending_fails_stays_pending_until_sent(
    proposal, mailoutbox, monkeypatch
):
    message = pending_message(proposal)

    with monkeypatch.context() as patched:
        patched.setattr(Dispatcher, "send_email_messages", refuse)
        with pytest.raises(MailServerDown):
            OutboxService().deliver(message.pk)
    message.refresh_from_db()
    assert message.status == OutboxMessage.PENDING
    assert (message.attempts, message.last_error) == (1, "MailServerDown()")
    assert message.date_failed is not None

    assert OutboxService().deliver(message.pk) is True
    assert len(mailoutbox) == 1


def test_the_relay_enqueues_only_messages_pending_for_longer_than_the_setting(
    proposal, mailoutbox, settings
):
    settings.OSCAR_BIDDING_OUTBOX_RELAY_AFTER = 60
    stale = pending_message(proposal, age=timedelta(seconds=61))
    young = pending_message(proposal, age=timedelta(seconds=30))
    sent = pending_message(
        proposal, age=timedelta(seconds=61), status=OutboxMessage.SENT
    )
    output = StringIO()

    call_command("bidding_relay_outbox", stdout=output)

    assert output.getvalue() == "Enqueued 1, failed 0.\n"
    assert len(mailoutbox) == 1
    assert status_of(stale) == OutboxMessage.SENT
    assert status_of(young) == OutboxMessage.PENDING
    assert status_of(sent) == OutboxMessage.SENT


def test_the_relay_reports_why_it_enqueued_nothing_and_exits_with_an_error(
    draft, settings
):
    settings.OSCAR_BIDDING_OUTBOX_RELAY_AFTER = 0
    messages = [pending_message(draft), pending_message(draft)]
    output, errors = StringIO(), StringIO()

    with publishing_to(closed_broker()), pytest.raises(CommandError) as refused:
        call_command("bidding_relay_outbox", stdout=output, stderr=errors)

    assert output.getvalue() == "Enqueued 0, failed 2.\n"
    reason = errors.getvalue()
    assert reason.startswith("  2 × ") and "Connection refused" in reason
    assert "is the Celery broker running?" in str(refused.value)
    for message in messages:
        message.refresh_from_db()
        assert message.status == OutboxMessage.PENDING
        assert message.attempts == 1
        assert "Connection refused" in message.last_error


def test_an_email_that_failed_the_most_attempts_is_failed_and_left_by_the_relay(
    proposal, settings
):
    settings.OSCAR_BIDDING_OUTBOX_RELAY_AFTER = 0
    settings.OSCAR_BIDDING_OUTBOX_MAX_ATTEMPTS = 2
    message = pending_message(proposal)

    with publishing_to(closed_broker()):
        for _attempt in range(2):
            with pytest.raises(CommandError):
                call_command("bidding_relay_outbox", stdout=StringIO())
        assert status_of(message) == OutboxMessage.FAILED
        output = StringIO()
        call_command("bidding_relay_outbox", stdout=output)

    assert output.getvalue() == "Enqueued 0, failed 0.\n"
    assert OutboxMessage.objects.get(pk=message.pk).attempts == 2


def test_an_email_whose_enqueue_was_lost_in_a_crash_is_sent_by_the_relay_task(
    draft, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.OSCAR_BIDDING_OUTBOX_RELAY_AFTER = 0
    with django_capture_on_commit_callbacks(execute=False):
        ProposalService().submit(draft)  # committed; the process dies here
    assert mailoutbox == []

    assert relay_outbox.delay().get() == {"enqueued": 1, "failed": 0}

    (email,) = mailoutbox
    assert email.to == ["customer@example.com"]
    assert relay_outbox.delay().get() == {"enqueued": 0, "failed": 0}


@pytest.mark.django_db(transaction=True)
def test_a_delivery_of_a_message_another_delivery_holds_is_skipped(
    proposal, mailoutbox
):
    mailoutbox.clear()
    message = pending_message(proposal)
    locked, release = threading.Event(), threading.Event()

    def hold_the_message():
        with transaction.atomic():
            OutboxMessage.objects.select_for_update().get(pk=message.pk)
            locked.set()
            release.wait(DEADLINE)
        connection.close()

    holder = threading.Thread(target=hold_the_message)
    holder.start()
    try:
        assert locked.wait(DEADLINE)
        assert OutboxService().deliver(message.pk) is False
        assert mailoutbox == []
    finally:
        release.set()
        holder.join()

    # The other delivery ended without sending: the message is still due.
    assert OutboxService().deliver(message.pk) is True
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_broker_down_at_enqueue_leaves_the_order_placed_and_its_email_pending(
    client, customer, accepted_proposal, mailoutbox, caplog
):
    milestone = accepted_proposal.milestones.get(number=1)
    mailoutbox.clear()

    with publishing_to(closed_broker()):
        order = pay(client, customer, milestone)

    message = OutboxMessage.objects.get(
        context__order_id=order.pk, event_code=MILESTONE_PAID
    )
    assert message.status == OutboxMessage.PENDING
    assert "Connection refused" in message.last_error
    # Oscar's confirmation to the customer waits beside it.
    confirmation = OutboxMessage.objects.get(
        context__order_id=order.pk, event_code="ORDER_PLACED"
    )
    assert confirmation.status == OutboxMessage.PENDING
    assert mailoutbox == []
    assert f"E-mail {message.pk} not enqueued, left to the relay" in caplog.text


def test_staff_read_the_outbox_in_the_admin_without_changing_it(proposal, staff, login):
    message = pending_message(proposal)
    client = login(staff)

    listing = client.get(reverse("admin:bidding_outboxmessage_changelist"))
    page = client.get(reverse("admin:bidding_outboxmessage_change", args=[message.pk]))

    assert message in listing.context["cl"].result_list
    assert page.status_code == 200
    assert not page.context["has_change_permission"]


@pytest.fixture
def logging_set_up_again():
    """What Celery's Django fixup does: ``django.setup()`` again, here with a
    shop's ``disable_existing_loggers: True``; the loggers are restored after."""
    loggers = [logging.getLogger(name) for name in logging.root.manager.loggerDict]
    enabled = [logger for logger in loggers if not logger.disabled]
    configure_logging(
        "logging.config.dictConfig",
        {"version": 1, "disable_existing_loggers": True},
    )
    yield
    for logger in enabled:
        logger.disabled = False


@pytest.fixture
def first_failure_of_the_process(monkeypatch):
    monkeypatch.setattr(outbox, "_broker_failure_explained", False)


def broker_warnings(caplog):
    return [
        (record.levelname, record.getMessage())
        for record in caplog.records
        if record.name == outbox.__name__
    ]


def test_a_broker_down_is_logged_after_logging_is_set_up_again_disabling_loggers(
    draft, caplog, logging_set_up_again, django_capture_on_commit_callbacks
):
    with publishing_to(closed_broker()):
        with django_capture_on_commit_callbacks(execute=True):
            ProposalService().submit(draft)

    (message,) = OutboxMessage.objects.all()
    assert f"E-mail {message.pk} not enqueued" in broker_warnings(caplog)[-1][1]


def test_an_unreachable_broker_is_explained_once_then_each_email_warns(
    draft, caplog, first_failure_of_the_process
):
    first, second = pending_message(draft), pending_message(draft)

    with publishing_to(closed_broker()):
        OutboxService().enqueue(first.pk)
        OutboxService().enqueue(second.pk)

    (level, explanation), *warnings = broker_warnings(caplog)
    assert level == "ERROR"
    assert "cannot reach the Celery broker" in explanation
    assert "CELERY_TASK_ALWAYS_EAGER = True" in explanation
    assert [(level, text.split(",")[0]) for level, text in warnings] == [
        ("WARNING", f"E-mail {first.pk} not enqueued"),
        ("WARNING", f"E-mail {second.pk} not enqueued"),
    ]


class HangingUpBroker:
    """A broker that accepts each connection and closes it at once, counting
    them: how often an enqueue tries to connect."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"redis://127.0.0.1:{self.server.getsockname()[1]}/0"
        self.connections = 0
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                connection, _address = self.server.accept()
            except OSError:  # closed: the test is over
                return
            self.connections += 1
            connection.close()


@pytest.fixture
def hanging_up_broker():
    broker = HangingUpBroker()
    yield broker
    broker.server.shutdown(socket.SHUT_RDWR)  # wakes the accept() up
    broker.server.close()


def test_accepting_a_proposal_tries_a_failing_broker_once_without_retrying(
    client, customer, proposal, hanging_up_broker, django_capture_on_commit_callbacks
):
    """Celery's defaults would retry the connection for seconds (three tries)."""
    OutboxMessage.objects.all().delete()
    broker = hanging_up_broker
    client.force_login(customer)

    with publishing_to(broker.url), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("bidding:proposal-accept", args=[proposal.pk]),
            {"version": proposal.version},
        )

    assert response.status_code == 302
    (message,) = OutboxMessage.objects.all()
    assert message.event_code == "BIDDING_PROPOSAL_ACCEPTED"
    assert message.status == OutboxMessage.PENDING
    assert message.last_error
    assert broker.connections == 1
