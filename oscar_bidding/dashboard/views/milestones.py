"""The vendor's side of a milestone: mark it ready to pay, deliver it."""

from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class

ConfirmActionView = get_class("bidding_dashboard.views.mixins", "ConfirmActionView")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")
DeliveryForm = get_class("bidding.forms", "DeliveryForm")
vendor_milestones = get_class("bidding.access", "vendor_milestones")


class VendorMilestoneView(ConfirmActionView):
    """A confirmed action on one of the vendor's milestones; another
    partner's milestone is a 404."""

    context_object_name = "milestone"
    service_class = MilestoneService

    def get_queryset(self):
        return vendor_milestones(self.request.user).select_related(
            "proposal__project", "proposal__partner"
        )

    def get_proposal(self):
        return self.object.proposal


class MilestoneReadyView(VendorMilestoneView):
    """ "Mark as ready": the customer may pay the milestone now
    (``OSCAR_BIDDING_MILESTONE_READINESS = "vendor"``)."""

    template_name = "oscar_bidding/dashboard/milestone_ready.html"
    title = _("Mark milestone ready to pay")
    action = "mark_ready"
    success_message = _("The milestone is ready to pay: the customer is told.")

    def perform(self, milestone):
        self.service_class().mark_ready(milestone, user=self.request.user)


class MilestoneDeliverView(VendorMilestoneView):
    """Deliver a paid milestone (or a revision) with a note and files; the
    customer then approves it."""

    template_name = "oscar_bidding/dashboard/milestone_deliver.html"
    title = _("Deliver milestone")
    action = "deliver"
    success_message = _(
        "The milestone is delivered: the customer is asked to approve it."
    )
    form_class = DeliveryForm

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.form_class())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        self.form = self.form_class(request.POST, request.FILES)
        if not self.form.is_valid():
            self.object = self.get_object()
            return self.render_to_response(self.get_context_data(form=self.form))
        return super().post(request, *args, **kwargs)

    def perform(self, milestone):
        self.service_class().deliver(
            milestone,
            self.form.cleaned_data["note"],
            files=self.form.cleaned_data["files"],
            user=self.request.user,
        )
