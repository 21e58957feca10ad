"""Negotiating a proposal: the customer requests changes, and reads every
revision the vendor submitted with what changed from the one before."""

from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_class, get_classes

AccountPageMixin, ConfirmActionView = get_classes(
    "bidding.views.mixins", ["AccountPageMixin", "ConfirmActionView"]
)
ProposalMixin = get_class("bidding.views.proposals", "ProposalMixin")
ProposalService = get_class("bidding.services.proposals", "ProposalService")
ProposalVersions = get_class("bidding.services.versions", "ProposalVersions")
ChangeRequestForm = get_class("bidding.forms", "ChangeRequestForm")


class ProposalRequestChangesView(ProposalMixin, ConfirmActionView):
    """ "Request changes": a pop-up on Proposal Details, this page without
    JavaScript. An empty reason shows the page again with the error; nothing
    is saved."""

    template_name = "oscar_bidding/proposal_request_changes.html"
    action = "request_changes"
    page_title = _("Request changes")
    form_class = ChangeRequestForm
    service_class = ProposalService

    def get_context_data(self, **kwargs):
        kwargs.setdefault(
            "change_form", self.form_class(initial={"version": self.object.version})
        )
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        self.form = self.form_class(request.POST)
        if not self.form.is_valid():
            self.object = self.get_object()
            messages.error(request, _("Nothing was sent: say what should change."))
            return self.render_to_response(self.get_context_data(change_form=self.form))
        return super().post(request, *args, **kwargs)

    def perform(self, proposal):
        self.service_class().request_changes(
            proposal,
            self.form.cleaned_data["reason"],
            version=self.form.cleaned_data["version"],
            user=self.request.user,
        )

    def get_success_message(self, proposal):
        return _(
            "You requested changes: %(vendor)s will revise the proposal and "
            "submit it again."
        ) % {"vendor": proposal.partner.name}


class ProposalRevisionsView(ProposalMixin, AccountPageMixin, generic.DetailView):
    """Every revision of the proposal, newest first, each with what changed
    from the one before: a fixed number of queries however many there are."""

    template_name = "oscar_bidding/proposal_revisions.html"
    page_title = _("Revisions")
    versions_class = ProposalVersions

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            revisions=self.versions_class().revisions(self.object), **kwargs
        )
