"""Invite vendors: the customer invites more vendors to an open project."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import generic
from oscar.core.loading import get_class

from oscar_bidding.exceptions import BiddingError

AccountPageMixin = get_class("bidding.views.mixins", "AccountPageMixin")
InviteForm = get_class("bidding.forms", "InviteForm")
InvitationService = get_class("bidding.services.invitations", "InvitationService")
customer_projects = get_class("bidding.access", "customer_projects")


class ProjectInviteView(AccountPageMixin, generic.FormView):
    """The vendors offering the project's type, not invited yet, each with
    its description; the customer ticks those to invite. Only while the
    project takes proposals."""

    template_name = "oscar_bidding/project_invite.html"
    form_class = InviteForm
    service_class = InvitationService
    page_title = _("Invite vendors")

    def dispatch(self, request, *args, **kwargs):
        self.project = get_object_or_404(
            customer_projects(request.user).select_related("project_type"),
            pk=kwargs["pk"],
        )
        if not self.project.is_accepting_proposals:
            messages.error(
                request,
                _("Vendors can be invited only while the project is open."),
            )
            return redirect(self.project)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "project": self.project}

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.project, **kwargs)

    def form_valid(self, form):
        try:
            invitations = self.service_class().invite(
                self.project, form.cleaned_data["partners"], self.request.user
            )
        except BiddingError as error:
            messages.error(self.request, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            ngettext(
                "%(count)d vendor is invited: they are e-mailed the project.",
                "%(count)d vendors are invited: they are e-mailed the project.",
                len(invitations),
            )
            % {"count": len(invitations)},
        )
        return redirect(self.project)
