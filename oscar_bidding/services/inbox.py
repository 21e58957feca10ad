"""Oscar's notifications inbox: what a customer or vendor must act on.

The e-mail of an event waits in the outbox (:mod:`oscar_bidding.services.outbox`);
its inbox notification is written at once, in the transaction of the change,
one row per recipient in one ``INSERT``: it exists if and only if the change
commits. The customer reads it on the account's Notifications page (Oscar's
``customer:notifications-inbox``); a vendor's users read theirs on the same
page, reached from the dashboard's header.

Each event renders two templates with the event's context, once for all its
recipients: ``oscar_bidding/inbox/<event>_subject.html`` (a line with a link
to the object; Oscar shows it as HTML) and ``oscar_bidding/inbox/<event>_body.html``.
A shop overrides them to change the words; they are translated in the
language of the request that made the change.
"""

from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.text import Truncator
from oscar.core.loading import get_model

from oscar_bidding.conf import setting

Notification = get_model("communication", "Notification")

#: Inbox event codes, the values ``OSCAR_BIDDING_INBOX_EVENTS`` lists.
PROPOSAL_SUBMITTED = "proposal_submitted"
PROPOSAL_CHANGED = "proposal_changed"
PROPOSAL_CHANGES_REQUESTED = "proposal_changes_requested"
MESSAGE_POSTED = "message_posted"
MILESTONE_READY = "milestone_ready"
MILESTONE_DELIVERED = "milestone_delivered"
MILESTONE_REVISION_REQUESTED = "milestone_revision_requested"
MILESTONE_DISPUTED = "milestone_disputed"

CUSTOMER = "customer"
VENDOR = "vendor"

#: Oscar's ``Notification.subject`` column.
SUBJECT_LENGTH = 255


class InboxService:
    def is_enabled(self, event_code):
        return event_code in setting("OSCAR_BIDDING_INBOX_EVENTS")

    def notify(self, event_code, users, context, sender=None, template_prefix=None):
        """Put a notification of ``event_code`` in the inbox of each of
        ``users`` (users or their primary keys), in one statement; returns the
        notifications. Nothing when the shop switched the event off
        (``OSCAR_BIDDING_INBOX_EVENTS``) or nobody is to hear of it.

        ``context`` is for the templates (``template_prefix`` defaults to
        ``oscar_bidding/inbox/<event_code>``); ``url`` in it is the link to the
        object, for the recipients' side.
        """
        if not self.is_enabled(event_code):
            return []
        recipient_ids = list(dict.fromkeys(getattr(u, "pk", u) for u in users))
        if not recipient_ids:
            return []
        subject, body = self.render(
            template_prefix or f"oscar_bidding/inbox/{event_code}",
            {"event_code": event_code, **context},
        )
        sender_id = getattr(sender, "pk", sender)
        return Notification.objects.bulk_create(
            Notification(
                recipient_id=recipient_id,
                sender_id=sender_id,
                subject=subject,
                body=body,
            )
            for recipient_id in recipient_ids
        )

    def notify_side(self, event_code, about, audience, context=None, sender=None):
        """:meth:`notify` one side of ``about``, a proposal or a conversation
        (a question asked before any proposal has no proposal): ``"customer"``
        (the project's customer, linked to the storefront's page) or
        ``"vendor"`` (every user of the vendor's partner, linked to the
        dashboard's)."""
        if not self.is_enabled(event_code):
            return []
        context = {
            "proposal": getattr(about, "proposal", about),
            "project": about.project,
            "audience": audience,
            "url": self.url(about, audience),
            "milestone": None,
            "status_change": None,
            "note": "",
            **(context or {}),
        }
        return self.notify(
            event_code, self.recipients(about, audience), context, sender=sender
        )

    def recipients(self, about, audience):
        """Primary keys of the side's users: the project's customer, or the
        vendor's active users. The sender is not left out (a staff user of
        the partner may act for both sides)."""
        if audience == CUSTOMER:
            return [about.project.customer_id]
        if audience == VENDOR:
            users = about.partner.users.filter(is_active=True)
            return list(users.values_list("pk", flat=True))
        raise ValueError(f"Unknown audience {audience!r}")

    def url(self, about, audience):
        if audience == VENDOR:
            return about.get_dashboard_url()
        return about.get_absolute_url()

    def render(self, prefix, context):
        subject = " ".join(render_to_string(f"{prefix}_subject.html", context).split())
        if len(subject) > SUBJECT_LENGTH:
            # A cut tag would break the inbox page: the plain words, cut.
            subject = Truncator(strip_tags(subject)).chars(SUBJECT_LENGTH)
        body = render_to_string(f"{prefix}_body.html", context).strip()
        return subject, body
