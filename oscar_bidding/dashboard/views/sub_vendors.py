"""Assigned Milestones: what a sub-vendor sees of someone else's proposal.

A vendor may give a milestone to another partner (a sub-vendor). Its users see
that milestone only: the project's title and description, the customer's name,
the vendor who gave it, the milestone's items and amounts, the orders that
paid it (each opens in Oscar's order dashboard, where the sub-vendor is the
line's partner) and the milestone's timeline. Not the cover letter, the
proposal's totals, its other milestones or its invoices.
"""

from django.db.models import Prefetch
from django.views import generic
from oscar.core.loading import get_class, get_classes, get_model

from oscar_bidding import lifecycle

MilestonePayment = get_model("bidding", "MilestonePayment")
DashboardListMixin = get_class("bidding_dashboard.views.mixins", "DashboardListMixin")
sub_vendor_milestones, readable_milestones = get_classes(
    "bidding.access", ["sub_vendor_milestones", "readable_milestones"]
)


class AssignedMilestoneListView(DashboardListMixin, generic.ListView):
    """The milestones given to the user's partners, newest proposal first."""

    template_name = "oscar_bidding/dashboard/assigned_milestone_list.html"
    context_object_name = "milestones"

    def get_queryset(self):
        return (
            sub_vendor_milestones(self.request.user)
            .select_related("proposal__project__customer", "proposal__partner")
            .select_related("sub_vendor")
            .order_by("-proposal__date_created", "-proposal_id", "number")
        )


class AssignedMilestoneDetailView(generic.DetailView):
    """One milestone given to a sub-vendor; its vendor and staff open it too.
    Any other milestone is a 404."""

    template_name = "oscar_bidding/dashboard/assigned_milestone_detail.html"
    context_object_name = "milestone"

    def get_queryset(self):
        return (
            readable_milestones(self.request.user)
            .exclude(sub_vendor=None)
            .select_related(
                "proposal__project__customer", "proposal__partner", "sub_vendor"
            )
            .prefetch_related(
                "items",
                Prefetch(
                    "payments",
                    queryset=MilestonePayment.objects.order_by("date_created", "pk"),
                ),
                lifecycle.timeline(),
            )
        )
