"""Conversations: posting a message (with files) and reading one.

A conversation is keyed by project and partner, so the question a vendor asks
before proposing and the messages about their proposal are one thread: the
proposal is linked to it when the vendor proposes, or when either side first
opens the proposal's Messaging tab.
"""

from datetime import timedelta
from functools import partial
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_classes, get_model

from oscar_bidding import messaging, signals
from oscar_bidding.conf import setting
from oscar_bidding.exceptions import BiddingError
from oscar_bidding.log import get_logger

Conversation = get_model("bidding", "Conversation")
ConversationRead = get_model("bidding", "ConversationRead")
Message = get_model("bidding", "Message")
MessageFile = get_model("bidding", "MessageFile")
Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
Notifier = get_class("bidding.notifications", "Notifier")
audiences, posting_channel, staff_channels = get_classes(
    "bidding.messaging", ["audiences", "posting_channel", "staff_channels"]
)

logger = get_logger(__name__)


class ConversationService:
    notifier_class = Notifier

    def __init__(self):
        self.notifier = self.notifier_class()

    # Finding

    def find(self, project, partner):
        """The conversation of ``project`` and ``partner``, or ``None``:
        reading a page never creates one."""
        return (
            Conversation.objects.filter(project=project, partner=partner)
            .select_related("project", "partner", "proposal")
            .first()
        )

    def get_or_create(self, project, partner):
        """The conversation of ``project`` and ``partner``, created if need
        be and linked to the vendor's proposal if they have one."""
        proposal = Proposal.objects.filter(project=project, partner=partner).first()
        try:
            with transaction.atomic():
                conversation, _created = Conversation.objects.get_or_create(
                    project=project, partner=partner, defaults={"proposal": proposal}
                )
        except IntegrityError:  # created by a concurrent request
            conversation = Conversation.objects.get(project=project, partner=partner)
        if proposal is not None and conversation.proposal_id is None:
            Conversation.objects.filter(pk=conversation.pk, proposal=None).update(
                proposal=proposal
            )
            conversation.proposal = proposal
        return conversation

    def for_proposal(self, proposal):
        return self.get_or_create(proposal.project, proposal.partner)

    # Posting

    def post_about(self, project, partner, user, role, body, files=(), channel=None):
        """:meth:`post` to the conversation of ``project`` and ``partner``,
        starting it if need be: a refused message leaves no empty
        conversation behind."""
        with transaction.atomic():
            conversation = self.get_or_create(project, partner)
            return self.post(conversation, user, role, body, files, channel)

    def post(self, conversation, user, role, body, files=(), channel=None):
        """Write ``user``'s message (as ``role``: ``customer``, ``vendor`` or
        ``staff``) with its validated ``files``; e-mail the other side at most
        once per ``OSCAR_BIDDING_MESSAGE_EMAIL_INTERVAL``; send
        ``message_posted`` after the commit. Returns the message.

        ``channel`` is staff's choice (see
        :func:`oscar_bidding.staff_channels`); the customer and the
        vendor write to theirs.
        """
        body = (body or "").strip()
        if not body:
            raise BiddingError(_("Write a message before sending it."))
        channel = self.channel_for(role, channel)
        with transaction.atomic():
            conversation = Conversation.objects.select_for_update().get(
                pk=conversation.pk
            )
            self.check_may_post(conversation, role)
            message = Message.objects.create(
                conversation=conversation,
                author=user,
                role=role,
                channel=channel,
                body=body,
            )
            for uploaded in files:
                MessageFile.objects.create(
                    message=message,
                    file=uploaded,
                    name=get_valid_filename(Path(uploaded.name).name)[:255],
                    content_type=uploaded.content_type,
                    size=uploaded.size,
                )
            # The author has read what they wrote.
            self.mark_read(conversation, user, message.pk)
            for audience in audiences(role, channel):
                if self.claim_email(conversation, audience, message.date_created):
                    self.notifier.message_posted(message, audience)
                if audience != messaging.STAFF:
                    self.notifier.inbox_message_posted(
                        conversation,
                        audience,
                        sender=user,
                        message=message,
                        url=(
                            conversation.get_absolute_url()
                            if audience == messaging.CUSTOMER
                            else conversation.get_dashboard_url()
                        ),
                    )
            transaction.on_commit(
                partial(self.send_signal, message, conversation, user, role)
            )
        return message

    def channel_for(self, role, channel):
        if role != messaging.STAFF:
            return posting_channel(role)
        allowed = staff_channels()
        if channel is None:
            return allowed[0]
        if channel not in allowed:
            raise BiddingError(_("Choose who reads the message."))
        return channel

    def check_may_post(self, conversation, role):
        """Before proposing, a vendor asks about an open project only."""
        if conversation.proposal_id is not None or role != messaging.VENDOR:
            return
        project = Project.objects.get(pk=conversation.project_id)
        if project.status != Project.OPEN:
            raise BiddingError(
                _("This project is no longer open: you cannot ask about it.")
            )

    def claim_email(self, conversation, audience, now):
        """Whether ``audience`` may be e-mailed about this conversation now:
        one conditional update claims the e-mail, so two messages posted at
        once (or within the interval) send one."""
        field = f"{audience}_emailed_at"
        interval = timedelta(minutes=setting("OSCAR_BIDDING_MESSAGE_EMAIL_INTERVAL"))
        due = Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": now - interval})
        return bool(
            Conversation.objects.filter(due, pk=conversation.pk).update(**{field: now})
        )

    def send_signal(self, message, conversation, user, role):
        for receiver, response in signals.message_posted.send_robust(
            sender=Message,
            instance=message,
            conversation=conversation,
            user=user,
            role=role,
        ):
            if isinstance(response, Exception):
                logger.error(
                    "Receiver %r of message_posted failed", receiver, exc_info=response
                )

    # Reading

    def mark_read(self, conversation, user, last_message_id):
        """``user`` has read up to ``last_message_id``: one upsert."""
        if last_message_id:
            self.mark_read_many(user, {conversation.pk: last_message_id})

    def mark_read_many(self, user, last_read):
        """``user`` has read each conversation (by pk) of ``last_read`` up to
        its message pk: one upsert however many conversations."""
        if not last_read or not user.is_authenticated:
            return
        now = timezone.now()
        ConversationRead.objects.bulk_create(
            [
                ConversationRead(
                    conversation_id=conversation_id,
                    user=user,
                    last_read_id=last_message_id,
                    date_read=now,
                )
                for conversation_id, last_message_id in sorted(last_read.items())
            ],
            update_conflicts=True,
            unique_fields=["conversation", "user"],
            update_fields=["last_read_id", "date_read"],
        )
