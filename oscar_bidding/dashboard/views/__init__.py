"""Vendor and staff pages: Marketplace Management > Bidding Management."""

from oscar_bidding.dashboard.views.disputes import (
    DisputeApproveView,
    DisputeDetailView,
    DisputeListView,
    DisputeRefundView,
)
from oscar_bidding.dashboard.views.invoices import InvoiceDetailView
from oscar_bidding.dashboard.views.messages import (
    ProjectMessagesView,
    ProposalFilesView,
    ProposalMessagesView,
)
from oscar_bidding.dashboard.views.milestones import (
    MilestoneDeliverView,
    MilestoneReadyView,
)
from oscar_bidding.dashboard.views.outbox import OutboxListView, OutboxRetryView
from oscar_bidding.dashboard.views.project_types import (
    OfferingListView,
    OfferingUpdateView,
    ProjectTypeDeleteView,
    ProjectTypeFormView,
    ProjectTypeListView,
)
from oscar_bidding.dashboard.views.projects import (
    ProjectDeclineView,
    ProjectDetailView,
    ProjectListView,
)
from oscar_bidding.dashboard.views.proposals import (
    ProposalCreateView,
    ProposalDeleteView,
    ProposalDetailView,
    ProposalListView,
    ProposalSubmitView,
    ProposalUpdateView,
    ProposalWithdrawView,
)
from oscar_bidding.dashboard.views.quotes import QuotableClassListView
from oscar_bidding.dashboard.views.rates import (
    RateCreateView,
    RateDeleteView,
    RateListView,
    RateUpdateView,
)
from oscar_bidding.dashboard.views.reconcile import (
    ReconcileDetailView,
    ReconcileListView,
)
from oscar_bidding.dashboard.views.refunds import PaymentRefundView
from oscar_bidding.dashboard.views.revisions import ProposalRevisionsView
from oscar_bidding.dashboard.views.sub_vendors import (
    AssignedMilestoneDetailView,
    AssignedMilestoneListView,
)

__all__ = [
    "AssignedMilestoneDetailView",
    "AssignedMilestoneListView",
    "DisputeApproveView",
    "DisputeDetailView",
    "DisputeListView",
    "DisputeRefundView",
    "InvoiceDetailView",
    "MilestoneDeliverView",
    "MilestoneReadyView",
    "OutboxListView",
    "OutboxRetryView",
    "OfferingListView",
    "OfferingUpdateView",
    "PaymentRefundView",
    "ProjectTypeDeleteView",
    "ProjectTypeFormView",
    "ProjectTypeListView",
    "ProjectDeclineView",
    "ProjectMessagesView",
    "ProposalFilesView",
    "ProposalMessagesView",
    "ProjectDetailView",
    "ProjectListView",
    "ProposalCreateView",
    "ProposalDeleteView",
    "ProposalDetailView",
    "ProposalListView",
    "ProposalSubmitView",
    "ProposalUpdateView",
    "ProposalRevisionsView",
    "ProposalWithdrawView",
    "RateCreateView",
    "RateDeleteView",
    "RateListView",
    "RateUpdateView",
    "ReconcileDetailView",
    "ReconcileListView",
    "QuotableClassListView",
]
