"""The vendor's (and staff's) side of conversations: the Messaging and Files
tabs of a proposal, and the question a vendor asks about an open project
before proposing."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views import generic
from oscar.core.loading import get_class, get_classes, get_model

ConversationMixin, ProposalFilesMixin, ProposalTabMixin = get_classes(
    "bidding.views.messages",
    ["ConversationMixin", "ProposalFilesMixin", "ProposalTabMixin"],
)
ProposalMixin = get_class("bidding_dashboard.views.proposals", "ProposalMixin")
dashboard_role = get_class("bidding.messaging", "dashboard_role")
vendor_partners, asked_projects, vendor_conversations = get_classes(
    "bidding.access", ["vendor_partners", "asked_projects", "vendor_conversations"]
)
Project = get_model("bidding", "Project")


class DashboardRoleMixin:
    """Staff read every channel and choose whom they write to; vendors are
    one side."""

    def get_role(self):
        return dashboard_role(self.request.user)


class DashboardProposalPageMixin(ProposalTabMixin, ProposalMixin):
    """A tab of the dashboard's proposal page."""


class ProposalMessagesView(
    DashboardRoleMixin,
    ConversationMixin,
    DashboardProposalPageMixin,
    generic.DetailView,
):
    template_name = "oscar_bidding/dashboard/proposal_messages.html"
    proposal_tab = "messages"

    def get_context_data(self, **kwargs):
        form = kwargs.pop("message_form", None)
        context = super().get_context_data(**kwargs)
        context.update(self.conversation_context(form))
        if self.request.method == "GET":
            self.object.unread_messages = 0
        return context

    def get_success_url(self):
        return self.request.path


class ProposalFilesView(
    DashboardRoleMixin,
    ProposalFilesMixin,
    DashboardProposalPageMixin,
    generic.DetailView,
):
    template_name = "oscar_bidding/dashboard/proposal_files.html"
    proposal_tab = "files"

    def get_context_data(self, **kwargs):
        return super().get_context_data(files=self.get_files(self.object), **kwargs)


class ProjectMessagesView(DashboardRoleMixin, ConversationMixin, generic.DetailView):
    """ "Ask a question": a vendor's conversation with the customer of a
    project they may bid on, before proposing; once they have proposed, the
    proposal's Messaging tab. ``?partner=`` picks one of the user's partners
    (staff: any); staff without it see the project's conversations."""

    template_name = "oscar_bidding/dashboard/project_messages.html"
    context_object_name = "project"

    def get_queryset(self):
        """The projects the vendor may bid on, and those they asked about
        (a question stays readable once the project closes)."""
        return asked_projects(self.request.user).select_related("customer")

    def get_partner(self):
        partners = vendor_partners(self.request.user)
        pk = self.request.GET.get("partner") or self.request.POST.get("partner")
        if pk:
            try:
                return get_object_or_404(partners, pk=int(pk))
            except ValueError as error:
                raise Http404 from error
        if self.request.user.is_staff:
            return None
        partner = partners.order_by("pk").first()
        if partner is None:
            raise Http404
        return partner

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.partner = self.get_partner()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.partner is not None:
            conversation = self.service_class().find(self.object, self.partner)
            if conversation is not None and conversation.proposal_id:
                return redirect(conversation.get_dashboard_url())
        return self.render_to_response(self.get_context_data(object=self.object))

    def post(self, request, *args, **kwargs):
        if self.partner is None:
            raise Http404
        return super().post(request, *args, **kwargs)

    def get_project_and_partner(self):
        return self.object, self.partner

    def get_context_data(self, **kwargs):
        form = kwargs.pop("message_form", None)
        context = super().get_context_data(partner=self.partner, **kwargs)
        if self.partner is None:
            context["conversations"] = (
                vendor_conversations(self.request.user)
                .filter(project=self.object)
                .select_related("partner")
            )
        else:
            context.update(self.conversation_context(form))
        return context

    def get_success_url(self):
        return f"{self.request.path}?partner={self.partner.pk}"
