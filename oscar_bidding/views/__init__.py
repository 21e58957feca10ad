from django.views.generic import View

ProjectListView = ProjectCreateView = ProjectDetailView = ProjectUpdateView = View
ProjectCancelView = ProjectCompleteView = AttachmentDownloadView = View
ProposalDetailView = ProposalAcceptView = ProposalRejectView = View
