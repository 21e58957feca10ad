"""Storefront views; :class:`oscar_bidding.apps.BiddingConfig` loads them."""

from oscar_bidding.views.attachments import (
    AnswerFileDownloadView,
    AttachmentDownloadView,
)
from oscar_bidding.views.compare import ProposalCompareView
from oscar_bidding.views.messages import (
    ConversationDetailView,
    MessageFileDownloadView,
    ProjectMessagesView,
    ProposalFilesView,
    ProposalMessagesView,
)
from oscar_bidding.views.milestones import (
    DeliveryFileDownloadView,
    MilestoneApproveView,
    MilestoneDisputeView,
    MilestoneRevisionView,
)
from oscar_bidding.views.projects import (
    ProjectCancelView,
    ProjectCompleteView,
    ProjectCreateView,
    ProjectDetailView,
    ProjectListView,
    ProjectUpdateView,
)
from oscar_bidding.views.proposals import (
    ProposalAcceptView,
    ProposalDetailView,
    ProposalRejectView,
)
from oscar_bidding.views.quotes import QuoteAddView, QuoteListView, QuoteSubmitView
from oscar_bidding.views.revisions import (
    ProposalRequestChangesView,
    ProposalRevisionsView,
)
from oscar_bidding.views.terms import ProjectTermsFileView, ProposalTermsFileView

__all__ = [
    "AnswerFileDownloadView",
    "AttachmentDownloadView",
    "ConversationDetailView",
    "DeliveryFileDownloadView",
    "MessageFileDownloadView",
    "ProjectMessagesView",
    "ProposalFilesView",
    "ProposalMessagesView",
    "MilestoneApproveView",
    "MilestoneDisputeView",
    "MilestoneRevisionView",
    "ProjectCancelView",
    "ProjectCompleteView",
    "ProjectCreateView",
    "ProjectDetailView",
    "ProjectListView",
    "ProjectUpdateView",
    "ProposalAcceptView",
    "ProposalCompareView",
    "ProposalDetailView",
    "ProposalRejectView",
    "ProposalRequestChangesView",
    "ProposalRevisionsView",
    "ProjectTermsFileView",
    "ProposalTermsFileView",
    "QuoteAddView",
    "QuoteListView",
    "QuoteSubmitView",
]
