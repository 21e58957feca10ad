"""Unsent e-mails: outbox messages still pending or failed, which staff send
again (staff only)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_class, get_model

from oscar_bidding.exceptions import BiddingError

CommunicationEventType = get_model("communication", "CommunicationEventType")
OutboxMessage = get_model("bidding", "OutboxMessage")
Proposal = get_model("bidding", "Proposal")
DashboardListMixin = get_class("bidding_dashboard.views.mixins", "DashboardListMixin")
OutboxService = get_class("bidding.services.outbox", "OutboxService")


class OutboxListView(DashboardListMixin, generic.ListView):
    """Newest first, each with its event's name and its recipients, in a fixed
    number of queries."""

    template_name = "oscar_bidding/dashboard/outbox_list.html"
    context_object_name = "outbox_messages"
    service_class = OutboxService

    def get_queryset(self):
        return OutboxMessage.objects.filter(status__in=OutboxMessage.UNSENT).order_by(
            "-date_created", "-pk"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["outbox_messages"]
        names = dict(
            CommunicationEventType.objects.filter(
                code__in={message.event_code for message in page}
            ).values_list("code", "name")
        )
        proposals = (
            Proposal.objects.select_related("project__customer", "partner")
            .prefetch_related("partner__users")
            .in_bulk({message.context.get("proposal_id") for message in page})
        )
        # A message's e-mail names its conversation, which names its project
        # and partner as a proposal does.
        conversation_ids = {message.context.get("conversation_id") for message in page}
        conversations = (
            get_model("bidding", "Conversation")
            .objects.select_related("project__customer", "partner")
            .prefetch_related("partner__users")
            .in_bulk(conversation_ids - {None})
        )
        service = self.service_class()
        for message in page:
            message.event_name = names.get(message.event_code)
            proposal = proposals.get(
                message.context.get("proposal_id")
            ) or conversations.get(message.context.get("conversation_id"))
            message.recipients = (
                service.recipients(proposal, message.audience) if proposal else []
            )
        return context


class OutboxRetryView(generic.View):
    """POST: hand the e-mail to Celery again, now. The button is on the list,
    where a GET leads back."""

    service_class = OutboxService

    def get(self, request, pk):
        return redirect("bidding_dashboard:outbox-list")

    def post(self, request, pk):
        message = get_object_or_404(OutboxMessage, pk=pk)
        started = timezone.now()
        try:
            self.service_class().retry(message)
        except BiddingError as refusal:
            messages.error(request, str(refusal))
            return redirect("bidding_dashboard:outbox-list")
        # Enqueued after the commit: by now, unless the request is atomic.
        message.refresh_from_db()
        if message.status == OutboxMessage.SENT:
            messages.success(request, _("The e-mail was sent."))
        elif message.date_failed and message.date_failed >= started:
            messages.error(
                request,
                _("The e-mail could not be handed to Celery: %(error)s")
                % {"error": message.last_error},
            )
        else:
            messages.success(request, _("The e-mail was handed to Celery to send."))
        return redirect("bidding_dashboard:outbox-list")
