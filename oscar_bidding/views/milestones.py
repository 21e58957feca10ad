"""The customer's answer to a delivered milestone: approve it, ask for a
revision or open a dispute; and the delivery files, for the people of the
milestone only."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_class, get_classes

ConfirmActionView = get_class("bidding.views.mixins", "ConfirmActionView")
ReasonForm = get_class("bidding.forms", "ReasonForm")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")
customer_milestones, visible_delivery_files = get_classes(
    "bidding.access", ["customer_milestones", "visible_delivery_files"]
)


class CustomerMilestoneView(ConfirmActionView):
    """A confirmed answer of the customer; another user's milestone is a 404."""

    context_object_name = "milestone"
    service_class = MilestoneService

    def get_queryset(self):
        return customer_milestones(self.request.user).select_related(
            "proposal__project", "proposal__partner"
        )

    def get_success_url(self):
        return self.object.proposal.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            proposal=self.object.proposal,
            project=self.object.proposal.project,
            **kwargs,
        )


class MilestoneApproveView(CustomerMilestoneView):
    template_name = "oscar_bidding/milestone_approve.html"
    action = "approve"
    page_title = _("Approve delivery")

    def perform(self, milestone):
        self.service_class().approve(milestone, user=self.request.user)

    def get_success_message(self, milestone):
        return _("You approved milestone %(number)s: it is completed.") % {
            "number": milestone.number
        }


class ReasonActionView(CustomerMilestoneView):
    """An answer that needs a reason: an empty one shows the page again."""

    form_class = ReasonForm

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.form_class())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        self.form = self.form_class(request.POST)
        if not self.form.is_valid():
            self.object = self.get_object()
            return self.render_to_response(self.get_context_data(form=self.form))
        return super().post(request, *args, **kwargs)


class MilestoneRevisionView(ReasonActionView):
    template_name = "oscar_bidding/milestone_request_revision.html"
    action = "request_revision"
    page_title = _("Ask for a revision")

    def perform(self, milestone):
        self.service_class().request_revision(
            milestone, self.form.cleaned_data["reason"], user=self.request.user
        )

    def get_success_message(self, milestone):
        return _("You asked the vendor for a revision of milestone %(number)s.") % {
            "number": milestone.number
        }


class MilestoneDisputeView(ReasonActionView):
    template_name = "oscar_bidding/milestone_dispute.html"
    action = "dispute"
    page_title = _("Open a dispute")

    def perform(self, milestone):
        self.service_class().dispute(
            milestone, self.form.cleaned_data["reason"], user=self.request.user
        )

    def get_success_message(self, milestone):
        return _(
            "You opened a dispute about milestone %(number)s: the shop's staff "
            "will look into it."
        ) % {"number": milestone.number}


class DeliveryFileDownloadView(generic.View):
    """A delivery's file, as a download, to the milestone's customer, its
    vendor and staff; anyone else gets a 404."""

    def get(self, request, pk):
        delivery_file = get_object_or_404(visible_delivery_files(request.user), pk=pk)
        try:
            handle = delivery_file.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=delivery_file.name,
            content_type=delivery_file.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
