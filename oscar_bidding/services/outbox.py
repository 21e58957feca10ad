"""The e-mail outbox: every e-mail is a row written in the transaction of the
change it reports, so a committed change always has its e-mail and a rolled-back
one never does.

After the commit the message is enqueued for a Celery worker. If the broker is
down, or the process dies between the commit and the enqueue, the message stays
pending and the relay (``bidding_relay_outbox``, or the ``relay_outbox`` task
from Celery beat) enqueues it again. Delivering a message marks it sent under a
row lock, so a message enqueued twice is sent once.
"""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.sites.models import Site
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError
from oscar.core.loading import get_class, get_model

from oscar_bidding.conf import setting

OutboxMessage = get_model("bidding", "OutboxMessage")
Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")
Invoice = get_model("bidding", "Invoice")
Order = get_model("order", "Order")
Dispatcher = get_class("communication.utils", "Dispatcher")

logger = logging.getLogger(__name__)


def absolute_url(path):
    scheme = "https" if getattr(settings, "SESSION_COOKIE_SECURE", False) else "http"
    return f"{scheme}://{Site.objects.get_current().domain}{path}"


class OutboxService:
    def add(self, event_code, audience, **ids):
        """Write the message in the current transaction; enqueue it after commit."""
        message = OutboxMessage.objects.create(
            event_code=event_code, audience=audience, context=ids
        )
        transaction.on_commit(partial(self.enqueue, message.pk))
        return message

    def enqueue(self, message_id):
        """Hand the message to the broker, or leave it to the relay.

        Called after the commit: a broker that is down must not turn a
        completed request into an error page.
        """
        # Loaded here: the tasks module loads this one.
        deliver = get_class("bidding.tasks", "deliver")
        try:
            deliver.apply_async((message_id,), retry=False)
        except OperationalError as error:
            logger.warning(
                "Outbox message %s not enqueued, the relay will: %s", message_id, error
            )

    def deliver(self, message_id):
        """Send a pending message and mark it sent, in one transaction.

        A concurrent delivery of the same message holds its row lock and is
        skipped; a message already sent is not sent again. Returns whether this
        call sent it. If sending fails, the message stays pending.
        """
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=message_id, status=OutboxMessage.PENDING)
                .first()
            )
            if message is None:
                return False
            self.send(message)
            message.status = OutboxMessage.SENT
            message.date_sent = timezone.now()
            message.save(update_fields=["status", "date_sent"])
        return True

    def relay(self):
        """Enqueue again the messages pending for longer than
        ``OSCAR_BIDDING_OUTBOX_RELAY_AFTER`` seconds; returns how many.

        Younger messages are left alone: their own enqueue is still on its way.
        ``attempts`` counts how often a message was relayed.
        """
        waited = timedelta(seconds=setting("OSCAR_BIDDING_OUTBOX_RELAY_AFTER"))
        message_ids = list(
            OutboxMessage.objects.filter(
                status=OutboxMessage.PENDING,
                date_created__lte=timezone.now() - waited,
            ).values_list("pk", flat=True)
        )
        OutboxMessage.objects.filter(pk__in=message_ids).update(
            attempts=F("attempts") + 1
        )
        for message_id in message_ids:
            self.enqueue(message_id)
        return len(message_ids)

    def send(self, message):
        """Render the communication event and send it to the audience
        (``"customer"`` or ``"vendor"``); the templates see it to pick their link."""
        context = self.get_context(message)
        dispatcher = Dispatcher()
        rendered = dispatcher.get_messages(message.event_code, context)
        for user in self.recipients(context["proposal"], message.audience):
            dispatcher.dispatch_user_messages(user, rendered)

    def get_context(self, message):
        ids = message.context
        proposal = Proposal.objects.select_related("project__customer", "partner").get(
            pk=ids["proposal_id"]
        )
        return {
            "audience": message.audience,
            "proposal": proposal,
            "project": proposal.project,
            "milestone": self._get(Milestone, ids.get("milestone_id")),
            "invoice": self._get(Invoice, ids.get("invoice_id")),
            "order": self._get(Order, ids.get("order_id")),
            "customer_url": absolute_url(proposal.get_absolute_url()),
            "dashboard_url": absolute_url(proposal.get_dashboard_url()),
        }

    def recipients(self, proposal, audience):
        """The project's customer, or the vendor's users who have an e-mail address."""
        if audience == "customer":
            return [proposal.project.customer]
        return [user for user in proposal.partner.users.all() if user.email]

    def _get(self, model, pk):
        return model.objects.get(pk=pk) if pk else None
