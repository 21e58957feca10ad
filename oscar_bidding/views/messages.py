"""Messaging and Files: a proposal's conversation and every file of its project,
and the questions vendors ask about a project before proposing.

The mixins are shared with the dashboard (``bidding_dashboard.views.messages``);
each page reads a fixed number of queries however many messages or files.
"""

from django.contrib import messages
from django.db.models import Count, Max, OuterRef, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_class, get_classes, get_model

from oscar_bidding import messaging
from oscar_bidding.exceptions import BiddingError

AccountPageMixin = get_class("bidding.views.mixins", "AccountPageMixin")
ProposalMixin = get_class("bidding.views.proposals", "ProposalMixin")
ConversationService = get_class("bidding.services.conversations", "ConversationService")
MessageForm = get_class("bidding.forms", "MessageForm")
mode, staff_channels, unread_count, visible_channels = get_classes(
    "bidding.messaging", ["mode", "staff_channels", "unread_count", "visible_channels"]
)
(
    customer_projects,
    customer_conversations,
    visible_message_files,
) = get_classes(
    "bidding.access",
    ["customer_projects", "customer_conversations", "visible_message_files"],
)
Message = get_model("bidding", "Message")
MessageFile = get_model("bidding", "MessageFile")
ProjectAttachment = get_model("bidding", "ProjectAttachment")
MilestoneDeliveryFile = get_model("bidding", "MilestoneDeliveryFile")


def sender_label(role, conversation):
    """Who wrote or uploaded, as both sides read it: the customer's name, the
    vendor's name, or "Marketplace" for staff."""
    if role == messaging.STAFF:
        return _("Marketplace")
    if role == messaging.VENDOR:
        return conversation.partner.name
    customer = conversation.project.customer
    return customer.get_full_name() or _("Customer")


class ConversationMixin:
    """Show a conversation's messages to ``get_role()`` and post a new one.

    Subclasses give ``get_project_and_partner()`` (the conversation's key)
    and ``get_success_url()``. A GET marks what it shows as read.
    """

    service_class = ConversationService
    form_class = MessageForm
    #: ``customer`` on the storefront; the dashboard asks the user.
    role = messaging.CUSTOMER

    def get_role(self):
        return self.role

    def get_form(self, data=None, files=None):
        channels = staff_channels() if self.get_role() == messaging.STAFF else None
        return self.form_class(data, files, channels=channels)

    def get_conversation(self):
        project, partner = self.get_project_and_partner()
        return self.service_class().find(project, partner)

    def get_messages(self, conversation):
        if conversation is None:
            return []
        return list(
            Message.objects.filter(
                conversation=conversation,
                channel__in=visible_channels(self.get_role()),
            )
            .order_by("date_created", "pk")
            .prefetch_related("files")
        )

    def conversation_context(self, form=None):
        conversation = self.get_conversation()
        shown = self.get_messages(conversation)
        if shown and self.request.method == "GET":
            self.service_class().mark_read(
                conversation, self.request.user, max(m.pk for m in shown)
            )
        role = self.get_role()
        for message in shown:
            message.sender = sender_label(message.role, conversation)
            message.is_mine = message.author_id == self.request.user.pk
        return {
            "conversation": conversation,
            "conversation_messages": shown,
            "message_form": form or self.get_form(),
            "role": role,
            "communications": mode(),
        }

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form(request.POST, request.FILES)
        if form.is_valid():
            project, partner = self.get_project_and_partner()
            try:
                self.service_class().post_about(
                    project,
                    partner,
                    request.user,
                    self.get_role(),
                    form.cleaned_data["body"],
                    files=form.cleaned_data["files"],
                    channel=form.cleaned_data.get("channel"),
                )
            except BiddingError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Your message was sent."))
                return redirect(self.get_success_url())
        else:
            messages.error(request, _("Your message was not sent: see below."))
        context = self.get_context_data(object=self.object, message_form=form)
        return self.render_to_response(context, status=400)


class ProposalFilesMixin:
    """Every file of a proposal's project, as ``get_role()`` sees them: the
    project's attachments, the deliveries of the proposal's milestones and the
    files of its conversation, with who and when; three queries."""

    def get_files(self, proposal):
        role = self.get_role()
        project = proposal.project
        entries = []
        for attachment in ProjectAttachment.objects.filter(project=project):
            entries.append(
                {
                    "name": attachment.name,
                    "size": attachment.size,
                    "url": attachment_url("bidding:attachment-download", attachment),
                    "who": project.customer.get_full_name() or _("Customer"),
                    "when": attachment.date_created,
                    "source": _("Project attachment"),
                }
            )
        deliveries = MilestoneDeliveryFile.objects.filter(
            delivery__milestone__proposal=proposal
        ).select_related("delivery__milestone")
        for delivery_file in deliveries:
            milestone = delivery_file.delivery.milestone
            entries.append(
                {
                    "name": delivery_file.name,
                    "size": delivery_file.size,
                    "url": attachment_url("bidding:delivery-file", delivery_file),
                    "who": proposal.partner.name,
                    "when": delivery_file.delivery.date_created,
                    "source": _("Delivery of milestone %(number)s")
                    % {"number": milestone.number},
                }
            )
        files = MessageFile.objects.filter(
            message__conversation__project=project,
            message__conversation__partner=proposal.partner,
            message__channel__in=visible_channels(role),
        ).select_related("message")
        conversation = _Key(project, proposal.partner)
        for message_file in files:
            entries.append(
                {
                    "name": message_file.name,
                    "size": message_file.size,
                    "url": message_file.get_absolute_url(),
                    "who": sender_label(message_file.message.role, conversation),
                    "when": message_file.message.date_created,
                    "source": _("Message"),
                }
            )
        return sorted(entries, key=lambda entry: entry["when"])


class _Key:
    """A conversation's project and partner, for :func:`sender_label`."""

    def __init__(self, project, partner):
        self.project, self.partner = project, partner


def attachment_url(name, obj):
    return reverse(name, kwargs={"pk": obj.pk})


class ProposalTabMixin:
    """A tab (``proposal_tab``) of a proposal's page, Proposal Details or the
    dashboard's: the proposal's conversation is its project's and vendor's."""

    proposal_tab = None

    def get_queryset(self):
        return super().get_queryset().select_related("project__customer")

    def get_project_and_partner(self):
        return self.object.project, self.object.partner

    def get_context_data(self, **kwargs):
        return super().get_context_data(proposal_tab=self.proposal_tab, **kwargs)


class CustomerProposalPageMixin(ProposalTabMixin, ProposalMixin, AccountPageMixin):
    """A tab of Proposal Details."""


class ProposalMessagesView(
    ConversationMixin, CustomerProposalPageMixin, generic.DetailView
):
    """Proposal Details > Messaging: the customer and the vendor (or, in the
    marketplace mode, the customer and the shop)."""

    template_name = "oscar_bidding/proposal_messages.html"
    page_title = _("Messaging")
    proposal_tab = "messages"

    def get_context_data(self, **kwargs):
        form = kwargs.pop("message_form", None)
        context = super().get_context_data(**kwargs)
        context.update(self.conversation_context(form))
        if self.request.method == "GET":
            self.object.unread_messages = 0  # just read
        return context

    def get_success_url(self):
        return self.request.path


class ProposalFilesView(
    ProposalFilesMixin, CustomerProposalPageMixin, generic.DetailView
):
    template_name = "oscar_bidding/proposal_files.html"
    page_title = _("Files")
    proposal_tab = "files"
    role = messaging.CUSTOMER

    def get_role(self):
        return self.role

    def get_context_data(self, **kwargs):
        return super().get_context_data(files=self.get_files(self.object), **kwargs)


class ProjectMessagesView(AccountPageMixin, generic.DetailView):
    """The vendors' questions about one of the customer's projects: each
    vendor's conversation, with its unread messages."""

    template_name = "oscar_bidding/project_messages.html"
    context_object_name = "project"
    page_title = _("Questions from vendors")

    def get_queryset(self):
        return customer_projects(self.request.user)

    def get_context_data(self, **kwargs):
        user = self.request.user
        channels = visible_channels(messaging.CUSTOMER)
        visible = Q(messages__channel__in=channels)
        conversations = (
            customer_conversations(user)
            .filter(project=self.object)
            .select_related("partner", "proposal")
            .annotate(
                num_messages=Count("messages", filter=visible),
                last_message=Max("messages__date_created", filter=visible),
                unread_messages=unread_count(
                    user, messaging.CUSTOMER, conversation=OuterRef("pk")
                ),
            )
            .filter(num_messages__gt=0)
            .order_by("-last_message", "pk")
        )
        return super().get_context_data(conversations=conversations, **kwargs)


class ConversationDetailView(ConversationMixin, AccountPageMixin, generic.DetailView):
    """A vendor's question about one of the customer's projects, before (or
    without) a proposal the customer sees; once there is one, its Messaging tab."""

    template_name = "oscar_bidding/conversation_detail.html"
    context_object_name = "conversation_object"
    page_title = _("Question from a vendor")

    def get_queryset(self):
        return customer_conversations(self.request.user).select_related(
            "project__customer", "partner", "proposal"
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        url = self.object.get_absolute_url()
        if url != request.path:
            return redirect(url)
        return super().get(request, *args, **kwargs)

    def get_project_and_partner(self):
        return self.object.project, self.object.partner

    def get_context_data(self, **kwargs):
        form = kwargs.pop("message_form", None)
        context = super().get_context_data(project=self.object.project, **kwargs)
        context.update(self.conversation_context(form))
        return context

    def get_success_url(self):
        return self.object.get_absolute_url()


class MessageFileDownloadView(generic.View):
    """A message's file, for whoever may read the message; as a download."""

    def get(self, request, pk):
        message_file = get_object_or_404(visible_message_files(request.user), pk=pk)
        try:
            handle = message_file.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=message_file.name,
            content_type=message_file.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
