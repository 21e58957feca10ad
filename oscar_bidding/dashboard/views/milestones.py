"""A vendor marks a paid milestone delivered."""

from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class, get_model

Milestone = get_model("bidding", "Milestone")
ConfirmActionView = get_class("bidding_dashboard.views.mixins", "ConfirmActionView")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")
vendor_proposals = get_class("bidding.access", "vendor_proposals")


class MilestoneCompleteView(ConfirmActionView):
    template_name = "oscar_bidding/dashboard/milestone_complete.html"
    context_object_name = "milestone"
    title = _("Mark milestone completed")
    action = "complete"
    success_message = _("The milestone is marked completed.")

    def get_queryset(self):
        return Milestone.objects.filter(
            proposal__in=vendor_proposals(self.request.user)
        ).select_related("proposal__project", "proposal__partner")

    def get_proposal(self):
        return self.object.proposal

    def perform(self, milestone):
        MilestoneService().mark_completed(milestone, user=self.request.user)
