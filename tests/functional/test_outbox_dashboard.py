"""Unsent e-mails: staff see the e-mails still pending or failed, with whom
they are for and why they wait, and retry them."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from tests.worker import free_port, publishing_to

CommunicationEventType = get_model("communication", "CommunicationEventType")
OutboxMessage = get_model("bidding", "OutboxMessage")

LIST = reverse("bidding_dashboard:outbox-list")
REFUSED = "Error 111 connecting to 127.0.0.1:6379. Connection refused."


def retry(message):
    return reverse("bidding_dashboard:outbox-retry", args=[message.pk])


def acceptance_email(proposal, status=OutboxMessage.FAILED, attempts=10):
    """The vendor's e-mail about the accepted proposal, given up on."""
    return OutboxMessage.objects.create(
        event_code="BIDDING_PROPOSAL_ACCEPTED",
        audience="vendor",
        context={"proposal_id": proposal.pk},
        status=status,
        attempts=attempts,
        last_error=REFUSED,
        date_failed=timezone.now(),
    )


@pytest.fixture
def failed(proposal):
    return acceptance_email(proposal)


def test_staff_see_the_pending_and_failed_emails_and_why_they_wait(
    client, staff, proposal, failed
):
    # As the package's migration names them (a transactional test of an
    # earlier run may have emptied the table of a database kept with --reuse-db).
    for code, name in [
        ("BIDDING_PROPOSAL_ACCEPTED", "Bidding: a proposal was accepted"),
        ("BIDDING_PROPOSAL_RECEIVED", "Bidding: a project received a proposal"),
    ]:
        CommunicationEventType.objects.update_or_create(
            code=code, defaults={"name": name}
        )
    # The customer's e-mail about the proposal, written when it was submitted;
    # its enqueue never ran in this test's transaction.
    pending = OutboxMessage.objects.get(event_code="BIDDING_PROPOSAL_RECEIVED")
    acceptance_email(proposal, status=OutboxMessage.SENT, attempts=0)
    client.force_login(staff)

    response = client.get(LIST)

    assert list(response.context["outbox_messages"]) == [failed, pending]
    html = response.text
    failed_row = html[html.index("Bidding: a proposal was accepted") :]
    for text in (
        "vendor1@example.com",
        "Failed",
        "<td>10</td>",
        REFUSED,
        retry(failed),
    ):
        assert text in failed_row
    pending_row = html[html.index("Bidding: a project received a proposal") :]
    for text in ("customer@example.com", "Pending", "<td>0</td>", retry(pending)):
        assert text in pending_row


@pytest.mark.django_db(transaction=True)
def test_staff_retry_a_failed_email_and_it_is_sent(client, staff, failed, mailoutbox):
    mailoutbox.clear()  # the proposal's own e-mail, sent when it was committed
    client.force_login(staff)

    response = client.post(retry(failed), follow=True)

    assert response.redirect_chain == [(LIST, 302)]
    assert "The e-mail was sent." in response.text
    failed.refresh_from_db()
    assert failed.status == OutboxMessage.SENT
    assert [message.to for message in mailoutbox] == [["vendor1@example.com"]]


@pytest.mark.django_db(transaction=True)
def test_a_retry_while_the_broker_is_down_keeps_the_email_failed_and_says_why(
    client, staff, failed, mailoutbox
):
    mailoutbox.clear()  # the proposal's own e-mail, sent when it was committed
    client.force_login(staff)

    with publishing_to(f"redis://127.0.0.1:{free_port()}/0"):
        response = client.post(retry(failed), follow=True)

    assert "The e-mail could not be handed to Celery" in response.text
    assert "Connection refused" in response.text
    failed.refresh_from_db()
    assert failed.status == OutboxMessage.FAILED
    assert failed.attempts == 11
    assert mailoutbox == []


def test_an_email_sent_meanwhile_is_not_sent_again_by_a_retry(
    client, staff, failed, mailoutbox
):
    OutboxMessage.objects.filter(pk=failed.pk).update(status=OutboxMessage.SENT)
    client.force_login(staff)

    response = client.post(retry(failed), follow=True)

    assert "This e-mail was sent already." in response.text
    assert OutboxMessage.objects.get(pk=failed.pk).status == OutboxMessage.SENT
    assert mailoutbox == []


@override_settings(OSCAR_BIDDING_DASHBOARD_ITEMS_PER_PAGE=50)
def test_unsent_emails_run_the_same_queries_for_1_or_50_emails(
    client, staff, proposal, other_vendor, django_assert_num_queries
):
    client.force_login(staff)

    def shows(count):
        client.get(LIST)  # warm the caches of a running shop
        with django_assert_num_queries(QUERIES):
            response = client.get(LIST)
        assert len(response.context["outbox_messages"]) == count

    shows(1)
    for _number in range(49):
        acceptance_email(proposal)
    shows(50)


#: Session and user; the count and the page of e-mails; the event names; the
#: proposals with their customers and partners; the partners' users; Oscar's
#: count of unread notifications.
QUERIES = 8
