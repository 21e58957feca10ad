"""Vendor and staff pages: Marketplace Management > Bidding Management."""

from oscar_bidding.dashboard.views.milestones import MilestoneCompleteView
from oscar_bidding.dashboard.views.outbox import OutboxListView, OutboxRetryView
from oscar_bidding.dashboard.views.projects import (
    ProjectDeclineView,
    ProjectDetailView,
    ProjectListView,
)
from oscar_bidding.dashboard.views.proposals import (
    ProposalCreateView,
    ProposalDetailView,
    ProposalListView,
    ProposalSubmitView,
    ProposalUpdateView,
    ProposalWithdrawView,
)
from oscar_bidding.dashboard.views.reconcile import (
    ReconcileDetailView,
    ReconcileListView,
)
from oscar_bidding.dashboard.views.refunds import PaymentRefundView

__all__ = [
    "MilestoneCompleteView",
    "OutboxListView",
    "OutboxRetryView",
    "PaymentRefundView",
    "ProjectDeclineView",
    "ProjectDetailView",
    "ProjectListView",
    "ProposalCreateView",
    "ProposalDetailView",
    "ProposalListView",
    "ProposalSubmitView",
    "ProposalUpdateView",
    "ProposalWithdrawView",
    "ReconcileDetailView",
    "ReconcileListView",
]
