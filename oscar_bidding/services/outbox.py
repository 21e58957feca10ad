"""The e-mail outbox: every e-mail is a row written in the transaction of the
change it reports, so a committed change always has its e-mail and a rolled-back
one never does.

With Celery (:func:`oscar_bidding.conf.uses_celery`), after the commit the
message is enqueued for a worker: one try, within
``OSCAR_BIDDING_OUTBOX_CONNECT_TIMEOUT`` seconds, whatever the shop's Celery
settings say about retrying, so a broker that is down never holds a request.
Each thread keeps its connection to the broker between requests. If
the enqueue fails, or the process dies between the commit and the enqueue, the
message stays pending and the relay (``bidding_relay_outbox``, or the
``relay_outbox`` task from Celery beat) enqueues it again. Delivering a message
marks it sent under a row lock, so a message enqueued twice is sent once. Each
failed enqueue or sending counts an attempt and keeps its error; after
``OSCAR_BIDDING_OUTBOX_MAX_ATTEMPTS`` the message is failed, and waits for staff
to retry it from the dashboard.

Without Celery, the messages wait for the relay command, which sends them
itself: run it every minute from cron.
"""

import threading
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class, get_model

from oscar_bidding.conf import setting, uses_celery
from oscar_bidding.exceptions import BiddingError
from oscar_bidding.log import get_logger

OutboxMessage = get_model("bidding", "OutboxMessage")
Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")
Invoice = get_model("bidding", "Invoice")
StatusChange = get_model("bidding", "StatusChange")
Order = get_model("order", "Order")
Dispatcher = get_class("communication.utils", "Dispatcher")
OrderDispatcher = get_class("order.utils", "OrderDispatcher")

logger = get_logger(__name__)

#: Set once this process has said, loudly, that the broker is out of reach.
_broker_failure_explained = False

#: Each thread's connection to the broker (:meth:`OutboxService.kept_connection`).
_kept = threading.local()


def absolute_url(path):
    scheme = "https" if getattr(settings, "SESSION_COOKIE_SECURE", False) else "http"
    return f"{scheme}://{Site.objects.get_current().domain}{path}"


def reason(error):
    """What went wrong, in one line for the log, the report and the dashboard."""
    return str(error) or repr(error)


def explain_broker_failure(error):
    """Say once per process what an unreachable broker means and how to fix it;
    each message's own failure is a warning."""
    global _broker_failure_explained
    if _broker_failure_explained:
        return
    _broker_failure_explained = True
    logger.error(
        "oscar_bidding cannot reach the Celery broker (%s): e-mails wait in the "
        "outbox (Dashboard > Marketplace Management > Unsent e-mails). Start the "
        "broker and a worker, or send e-mails without one: "
        "CELERY_TASK_ALWAYS_EAGER = True.",
        error,
    )


@dataclass
class RelayReport:
    """What one relay did: how many e-mails it enqueued (with Celery) or sent
    (without), and why the others failed."""

    enqueued: int = 0
    sent: int = 0
    errors: Counter = field(default_factory=Counter)

    @property
    def failed(self):
        return self.errors.total()

    def __str__(self):
        if self.sent:
            return f"Sent {self.sent}, failed {self.failed}."
        return f"Enqueued {self.enqueued}, failed {self.failed}."


class OutboxService:
    #: The customer of the message's order, through Oscar's order dispatcher:
    #: the e-mail is recorded on the order, as Oscar's checkout records it.
    ORDER_CUSTOMER = "order"
    #: The shop's active staff users who have an e-mail address.
    STAFF = "staff"
    #: The users of the sub-vendor the message's milestone was given to.
    SUB_VENDOR = "sub_vendor"
    #: The transport: Oscar's dispatchers render and send the e-mails.
    dispatcher_class = Dispatcher
    order_dispatcher_class = OrderDispatcher

    def add(self, event_code, audience, **ids):
        """Write the message in the current transaction; enqueue it after commit."""
        (message,) = self.add_all([(event_code, audience, ids)])
        return message

    def add_all(self, messages):
        """Write ``(event_code, audience, ids)`` messages in one statement;
        enqueue them after commit through one broker connection (with Celery)."""
        created = OutboxMessage.objects.bulk_create(
            OutboxMessage(event_code=event_code, audience=audience, context=ids)
            for event_code, audience, ids in messages
        )
        if uses_celery():
            transaction.on_commit(
                partial(self.enqueue_all, [message.pk for message in created])
            )
        return created

    def broker_connection(self):
        """A connection to the Celery app's broker that tries once, briefly: the
        app's own settings may retry for seconds (six by Celery's defaults)."""
        timeout = setting("OSCAR_BIDDING_OUTBOX_CONNECT_TIMEOUT")
        return get_class("bidding.tasks", "deliver").app.connection_for_write(
            connect_timeout=timeout,
            transport_options={"max_retries": 0, "socket_connect_timeout": timeout},
        )

    def kept_connection(self):
        """This thread's connection to the broker, kept between requests:
        opening one costs more than the messages it carries. A connection is
        made lazily: comparing one to the kept one costs no round trip."""
        wanted = self.broker_connection()
        kept = getattr(_kept, "connection", None)
        if kept is not None and kept.as_uri() == wanted.as_uri():
            return kept
        self.drop_kept_connection()
        _kept.connection = wanted
        return wanted

    def drop_kept_connection(self):
        connection, _kept.connection = getattr(_kept, "connection", None), None
        if connection is not None:
            connection.release()

    def publish(self, message_id, connection=None):
        """Hand the message to the broker, through ``connection`` or one of
        :meth:`broker_connection`; raises kombu's ``OperationalError``."""
        # Loaded here: the tasks module loads this one.
        deliver = get_class("bidding.tasks", "deliver")
        # A connection given by the caller is the caller's to close.
        if connection is None:
            opened = self.broker_connection()
        else:
            opened = nullcontext(connection)
        with opened as broker:
            deliver.apply_async(
                (message_id,), connection=broker, retry=False, ignore_result=True
            )

    def enqueue(self, message_id, connection=None):
        """:meth:`publish` the message, or leave it to the relay; returns the
        error that stopped it, or ``None``.

        Called after the commit: a broker that is down must not turn a
        completed request into an error page, nor make it wait.
        """
        from kombu.exceptions import OperationalError  # Celery is optional

        try:
            self.publish(message_id, connection)
        except OperationalError as error:
            self.left_to_relay(message_id, error)
            return error
        return None

    def left_to_relay(self, message_id, error):
        explain_broker_failure(error)
        logger.warning(
            "E-mail %s not enqueued, left to the relay: %s", message_id, error
        )
        self.record_failure(message_id, error)

    def enqueue_all(self, message_ids):
        """:meth:`enqueue` each message through this thread's kept connection
        (which reconnects by itself after a broker restart); returns the error
        of each, or ``None``. Once one fails, the broker is down: the others
        are left to the relay untried, so the request waits for one connection
        timeout at most."""
        errors = []
        for message_id in message_ids:
            if errors and errors[-1] is not None:
                self.left_to_relay(message_id, errors[-1])
                errors.append(errors[-1])
                continue
            error = self.enqueue(message_id, self.kept_connection())
            if error is not None:
                self.drop_kept_connection()
            errors.append(error)
        return errors

    def record_failure(self, message_id, error):
        """Count a failed attempt and keep its error; the last allowed attempt
        marks the message failed."""
        last = setting("OSCAR_BIDDING_OUTBOX_MAX_ATTEMPTS") - 1
        OutboxMessage.objects.filter(
            pk=message_id, status=OutboxMessage.PENDING
        ).update(
            attempts=F("attempts") + 1,
            last_error=reason(error),
            date_failed=timezone.now(),
            status=Case(
                When(attempts__gte=last, then=Value(OutboxMessage.FAILED)),
                default=Value(OutboxMessage.PENDING),
            ),
        )

    def deliver(self, message_id):
        """Send a pending message and mark it sent, in one transaction.

        A concurrent delivery of the same message holds its row lock and is
        skipped; a message already sent is not sent again. Returns whether this
        call sent it. If sending fails, the failure is recorded and raised.
        """
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=message_id, status=OutboxMessage.PENDING)
                .first()
            )
            if message is None:
                return False
            try:
                with transaction.atomic():
                    self.send(message)
            except Exception as error:
                logger.exception("E-mail %s could not be sent", message_id)
                self.record_failure(message_id, error)
                failure = error
            else:
                message.status = OutboxMessage.SENT
                message.date_sent = timezone.now()
                message.save(update_fields=["status", "date_sent"])
                return True
        raise failure

    def relay(self):
        """With Celery, enqueue again the messages pending for longer than
        ``OSCAR_BIDDING_OUTBOX_RELAY_AFTER`` seconds, through one connection
        (younger ones are left alone: their own enqueue is still on its way).
        Without, send every pending message. Returns a :class:`RelayReport`.
        """
        pending = OutboxMessage.objects.filter(status=OutboxMessage.PENDING)
        report = RelayReport()
        if not uses_celery():
            for message_id in pending.values_list("pk", flat=True):
                try:
                    report.sent += self.deliver(message_id)
                except Exception as error:  # recorded on the message by deliver
                    report.errors[reason(error)] += 1
            return report
        waited = timedelta(seconds=setting("OSCAR_BIDDING_OUTBOX_RELAY_AFTER"))
        message_ids = pending.filter(date_created__lte=timezone.now() - waited)
        for error in self.enqueue_all(list(message_ids.values_list("pk", flat=True))):
            if error is None:
                report.enqueued += 1
            else:
                report.errors[reason(error)] += 1
        return report

    def retry(self, message):
        """Staff send a pending or failed message again: it is pending once
        more, and enqueued after the commit (without Celery, the next relay
        sends it); returns it."""
        with transaction.atomic():
            message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
            if message.status == OutboxMessage.SENT:
                raise BiddingError(_("This e-mail was sent already."))
            message.status = OutboxMessage.PENDING
            message.save(update_fields=["status"])
            if uses_celery():
                transaction.on_commit(partial(self.enqueue, message.pk))
        return message

    def send(self, message):
        """Render the communication event and send it to the audience
        (``"customer"`` or ``"vendor"``); the templates see it to pick their link."""
        context = self.get_context(message)
        if message.audience == self.ORDER_CUSTOMER:
            orders = self.order_dispatcher_class()
            rendered = orders.dispatcher.get_messages(message.event_code, context)
            orders.dispatch_order_messages(
                context["order"], rendered, message.event_code
            )
            return
        dispatcher = self.dispatcher_class()
        rendered = dispatcher.get_messages(message.event_code, context)
        users = context.get("recipients")
        if users is None:
            # A conversation and an invitation name their project and partner
            # as a proposal does.
            about = (
                context.get("conversation")
                or context.get("invitation")
                or context["proposal"]
            )
            users = self.recipients(about, message.audience, context.get("milestone"))
        for user in users:
            dispatcher.dispatch_user_messages(user, rendered)

    def get_context(self, message):
        """The event's objects, and what Oscar's own order e-mails expect."""
        ids = message.context
        if "conversation_id" in ids:
            return self.get_conversation_context(message)
        if "invitation_id" in ids:
            return self.get_invitation_context(message)
        if "quote_project_id" in ids:
            return self.get_quote_context(message)
        if "proposal_id" not in ids:
            return self.get_notice_context(message)
        proposal = Proposal.objects.select_related("project__customer", "partner").get(
            pk=ids["proposal_id"]
        )
        order = self._get(Order, ids.get("order_id"))
        context = {
            "audience": message.audience,
            "proposal": proposal,
            "project": proposal.project,
            "milestone": self._get(Milestone, ids.get("milestone_id")),
            "invoice": self._get(Invoice, ids.get("invoice_id")),
            # The change the e-mail reports: its note is the vendor's delivery
            # note or the customer's reason.
            "status_change": self._get(StatusChange, ids.get("status_change_id")),
            "order": order,
            "customer_url": absolute_url(proposal.get_absolute_url()),
            "dashboard_url": absolute_url(proposal.get_dashboard_url()),
        }
        if ids.get("amount_refunded"):
            context["amount_refunded"] = Decimal(ids["amount_refunded"])
        if context["milestone"] is not None and context["milestone"].sub_vendor_id:
            context["assigned_url"] = absolute_url(
                context["milestone"].get_assigned_url()
            )
        if order is not None:
            path = reverse("customer:order", kwargs={"order_number": order.number})
            context.update(
                user=order.user,
                lines=order.lines.all(),
                status_path=path,
                status_url=absolute_url(path),
            )
        return context

    def get_conversation_context(self, message):
        """A new message: its conversation, project, vendor and proposal (if
        the vendor has proposed), and the links of each side."""
        Conversation = get_model("bidding", "Conversation")
        ids = message.context
        conversation = Conversation.objects.select_related(
            "project__customer", "partner", "proposal"
        ).get(pk=ids["conversation_id"])
        return {
            "audience": message.audience,
            "conversation": conversation,
            "message": get_model("bidding", "Message").objects.get(
                pk=ids["message_id"]
            ),
            "proposal": conversation.proposal,
            "project": conversation.project,
            "partner": conversation.partner,
            "customer_url": absolute_url(conversation.get_absolute_url()),
            "dashboard_url": absolute_url(conversation.get_dashboard_url()),
        }

    def get_notice_context(self, message):
        """A new project for a vendor, or a day's digest: the objects it
        lists, each with its link, and its ``recipients``
        (:mod:`oscar_bidding.services.digests`)."""
        notice_context = get_class("bidding.services.digests", "notice_context")
        return {"audience": message.audience, **notice_context(message.context)}

    def get_invitation_context(self, message):
        """A vendor invited to a project: the project and the link to it in
        the dashboard."""
        Invitation = get_model("bidding", "Invitation")
        invitation = Invitation.objects.select_related(
            "project__customer", "project__project_type", "partner"
        ).get(pk=message.context["invitation_id"])
        return {
            "audience": message.audience,
            "invitation": invitation,
            "project": invitation.project,
            "partner": invitation.partner,
            "proposal": None,
            "dashboard_url": absolute_url(
                reverse(
                    "bidding_dashboard:project-detail",
                    kwargs={"pk": invitation.project_id},
                )
            ),
        }

    def get_quote_context(self, message):
        """A quote request was posted: its project and products, for its
        customer."""
        project = (
            get_model("bidding", "Project")
            .objects.select_related("customer")
            .get(pk=message.context["quote_project_id"])
        )
        return {
            "audience": message.audience,
            "project": project,
            "quote_items": list(project.quote_items.all()),
            "customer_url": absolute_url(project.get_absolute_url()),
            "recipients": [project.customer] if project.customer.email else [],
        }

    def recipients(self, proposal, audience, milestone=None):
        """The project's customer, the vendor's users, the users of the
        sub-vendor of ``milestone`` or the shop's active staff, each with an
        e-mail address."""
        if audience == "customer":
            return [proposal.project.customer]
        if audience == self.SUB_VENDOR:
            if milestone is None or milestone.sub_vendor is None:
                return []
            return [user for user in milestone.sub_vendor.users.all() if user.email]
        if audience == self.STAFF:
            return list(
                get_user_model()
                .objects.filter(is_staff=True, is_active=True)
                .exclude(email="")
            )
        return [user for user in proposal.partner.users.all() if user.email]

    def _get(self, model, pk):
        return model.objects.get(pk=pk) if pk else None
