"""Without Celery, e-mails wait in the outbox after the commit and the relay
command sends them itself (with Celery: tests/integration/test_outbox.py)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from oscar.core.loading import get_class, get_model

from tests import factories

OutboxMessage = get_model("bidding", "OutboxMessage")
OutboxService = get_class("bidding.services.outbox", "OutboxService")
ProposalService = get_class("bidding.services.proposals", "ProposalService")
Dispatcher = get_class("communication.utils", "Dispatcher")


@pytest.fixture(autouse=True)
def without_celery(settings):
    settings.OSCAR_BIDDING_OUTBOX_CELERY = False


def submitted(project, vendor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ProposalService().submit(factories.make_proposal(project, vendor, submit=False))
    return callbacks


def test_a_committed_email_waits_for_the_relay_which_sends_it_at_once(
    project, vendor, mailoutbox, django_capture_on_commit_callbacks
):
    callbacks = submitted(project, vendor, django_capture_on_commit_callbacks)

    assert callbacks == []  # nothing enqueued
    (message,) = OutboxMessage.objects.all()
    assert (message.status, mailoutbox) == (OutboxMessage.PENDING, [])

    output = StringIO()
    call_command("bidding_relay_outbox", stdout=output)  # no waiting period

    assert output.getvalue() == "Sent 1, failed 0.\n"
    assert [m.to for m in mailoutbox] == [[project.customer.email]]
    message.refresh_from_db()
    assert message.status == OutboxMessage.SENT

    call_command("bidding_relay_outbox", stdout=output)
    assert len(mailoutbox) == 1


def test_a_relay_that_could_send_nothing_says_so_and_keeps_the_email(
    project, vendor, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    submitted(project, vendor, django_capture_on_commit_callbacks)
    monkeypatch.setattr(Dispatcher, "send_email_messages", lambda *a, **k: 1 / 0)

    with pytest.raises(CommandError) as refused:
        call_command("bidding_relay_outbox", stdout=StringIO(), stderr=StringIO())

    assert "could be sent: is the e-mail server running?" in str(refused.value)
    message = OutboxMessage.objects.get()
    assert (message.status, message.attempts) == (OutboxMessage.PENDING, 1)
    assert "division by zero" in message.last_error


def test_staff_retry_leaves_the_email_to_the_next_relay(
    project, vendor, mailoutbox, django_capture_on_commit_callbacks
):
    submitted(project, vendor, django_capture_on_commit_callbacks)
    message = OutboxMessage.objects.get()
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxMessage.FAILED)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        OutboxService().retry(message)

    assert (callbacks, mailoutbox) == ([], [])
    assert OutboxService().relay().sent == 1
    assert len(mailoutbox) == 1
