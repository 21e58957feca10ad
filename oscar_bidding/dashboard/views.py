from django.views.generic import View

ProjectListView = ProjectDetailView = ProposalListView = ProposalDetailView = View
ProposalCreateView = ProposalUpdateView = ProposalSubmitView = View
ProposalWithdrawView = ProjectDeclineView = MilestoneCompleteView = View
