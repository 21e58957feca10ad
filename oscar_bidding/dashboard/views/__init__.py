"""Vendor and staff pages: Marketplace Management > Bidding Management."""

from oscar_bidding.dashboard.views.incidents import (
    IncidentDetailView,
    IncidentListView,
)
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
from oscar_bidding.dashboard.views.refunds import PaymentRefundView

__all__ = [
    "IncidentDetailView",
    "IncidentListView",
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
]
