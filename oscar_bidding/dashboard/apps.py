from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig
from oscar.core.loading import get_class


class BiddingDashboardConfig(OscarDashboardConfig):
    """Marketplace Management > Bidding Management, for vendors and staff.

    Vendor users (``partner.dashboard_access``) reach every view but the
    payments to reconcile, refunds, disputes and the unsent e-mails, which are
    for staff;
    which rows they see is decided in :mod:`oscar_bidding.access`.
    """

    label = "bidding_dashboard"
    name = "oscar_bidding.dashboard"
    verbose_name = _("Bidding dashboard")
    namespace = "bidding_dashboard"
    default_auto_field = "django.db.models.BigAutoField"
    default_permissions = (["is_staff"], ["partner.dashboard_access"])
    permissions_map = {
        "incident-list": ["is_staff"],
        "incident-detail": ["is_staff"],
        "payment-refund": ["is_staff"],
        "outbox-list": ["is_staff"],
        "outbox-retry": ["is_staff"],
        "dispute-list": ["is_staff"],
        "dispute-detail": ["is_staff"],
        "dispute-approve": ["is_staff"],
        "dispute-refund": ["is_staff"],
        "project-type-list": ["is_staff"],
        "project-type-create": ["is_staff"],
        "project-type-update": ["is_staff"],
        "project-type-delete": ["is_staff"],
        "quotable-class-list": ["is_staff"],
    }

    def ready(self):
        views = "bidding_dashboard.views"
        self.project_list_view = get_class(views, "ProjectListView")
        self.project_detail_view = get_class(views, "ProjectDetailView")
        self.proposal_list_view = get_class(views, "ProposalListView")
        self.proposal_detail_view = get_class(views, "ProposalDetailView")
        self.proposal_create_view = get_class(views, "ProposalCreateView")
        self.proposal_update_view = get_class(views, "ProposalUpdateView")
        self.proposal_submit_view = get_class(views, "ProposalSubmitView")
        self.proposal_withdraw_view = get_class(views, "ProposalWithdrawView")
        self.project_decline_view = get_class(views, "ProjectDeclineView")
        self.milestone_ready_view = get_class(views, "MilestoneReadyView")
        self.milestone_deliver_view = get_class(views, "MilestoneDeliverView")
        self.payment_refund_view = get_class(views, "PaymentRefundView")
        self.reconcile_list_view = get_class(views, "ReconcileListView")
        self.reconcile_detail_view = get_class(views, "ReconcileDetailView")
        self.outbox_list_view = get_class(views, "OutboxListView")
        self.outbox_retry_view = get_class(views, "OutboxRetryView")
        self.proposal_delete_view = get_class(views, "ProposalDeleteView")
        self.rate_list_view = get_class(views, "RateListView")
        self.rate_create_view = get_class(views, "RateCreateView")
        self.rate_update_view = get_class(views, "RateUpdateView")
        self.rate_delete_view = get_class(views, "RateDeleteView")
        self.invoice_detail_view = get_class(views, "InvoiceDetailView")
        self.proposal_revisions_view = get_class(views, "ProposalRevisionsView")
        self.assigned_milestone_list_view = get_class(
            views, "AssignedMilestoneListView"
        )
        self.assigned_milestone_detail_view = get_class(
            views, "AssignedMilestoneDetailView"
        )
        self.dispute_list_view = get_class(views, "DisputeListView")
        self.dispute_detail_view = get_class(views, "DisputeDetailView")
        self.dispute_approve_view = get_class(views, "DisputeApproveView")
        self.dispute_refund_view = get_class(views, "DisputeRefundView")
        self.proposal_messages_view = get_class(views, "ProposalMessagesView")
        self.proposal_files_view = get_class(views, "ProposalFilesView")
        self.project_messages_view = get_class(views, "ProjectMessagesView")
        self.project_type_list_view = get_class(views, "ProjectTypeListView")
        self.project_type_form_view = get_class(views, "ProjectTypeFormView")
        self.project_type_delete_view = get_class(views, "ProjectTypeDeleteView")
        self.offering_list_view = get_class(views, "OfferingListView")
        self.offering_update_view = get_class(views, "OfferingUpdateView")
        self.quotable_class_list_view = get_class(views, "QuotableClassListView")

    def get_messaging_urls(self):
        return [
            path(
                "proposals/<int:pk>/messages/",
                self.proposal_messages_view.as_view(),
                name="proposal-messages",
            ),
            path(
                "proposals/<int:pk>/files/",
                self.proposal_files_view.as_view(),
                name="proposal-files",
            ),
            path(
                "projects/<int:pk>/messages/",
                self.project_messages_view.as_view(),
                name="project-messages",
            ),
        ]

    def get_urls(self):
        urls = [
            path("projects/", self.project_list_view.as_view(), name="project-list"),
            path(
                "projects/<int:pk>/",
                self.project_detail_view.as_view(),
                name="project-detail",
            ),
            path(
                "projects/<int:project_pk>/propose/",
                self.proposal_create_view.as_view(),
                name="proposal-create",
            ),
            path(
                "projects/<int:project_pk>/decline/",
                self.project_decline_view.as_view(),
                name="project-decline",
            ),
            path("proposals/", self.proposal_list_view.as_view(), name="proposal-list"),
            path(
                "proposals/<int:pk>/",
                self.proposal_detail_view.as_view(),
                name="proposal-detail",
            ),
            path(
                "proposals/<int:pk>/edit/",
                self.proposal_update_view.as_view(),
                name="proposal-update",
            ),
            path(
                "proposals/<int:pk>/submit/",
                self.proposal_submit_view.as_view(),
                name="proposal-submit",
            ),
            path(
                "proposals/<int:pk>/withdraw/",
                self.proposal_withdraw_view.as_view(),
                name="proposal-withdraw",
            ),
            path(
                "proposals/<int:pk>/delete/",
                self.proposal_delete_view.as_view(),
                name="proposal-delete",
            ),
            path("rates/", self.rate_list_view.as_view(), name="rate-list"),
            path("rates/create/", self.rate_create_view.as_view(), name="rate-create"),
            path(
                "rates/<int:pk>/", self.rate_update_view.as_view(), name="rate-update"
            ),
            path(
                "rates/<int:pk>/delete/",
                self.rate_delete_view.as_view(),
                name="rate-delete",
            ),
            path(
                "invoices/<str:number>/",
                self.invoice_detail_view.as_view(),
                name="invoice-detail",
            ),
            path(
                "assigned/",
                self.assigned_milestone_list_view.as_view(),
                name="assigned-milestone-list",
            ),
            path(
                "assigned/<int:pk>/",
                self.assigned_milestone_detail_view.as_view(),
                name="assigned-milestone-detail",
            ),
            path(
                "milestones/<int:pk>/ready/",
                self.milestone_ready_view.as_view(),
                name="milestone-ready",
            ),
            path(
                "milestones/<int:pk>/deliver/",
                self.milestone_deliver_view.as_view(),
                name="milestone-deliver",
            ),
            path(
                "payments/<int:pk>/refund/",
                self.payment_refund_view.as_view(),
                name="payment-refund",
            ),
            # "incident": the name of payments to reconcile before attempts.
            path(
                "reconcile/", self.reconcile_list_view.as_view(), name="incident-list"
            ),
            path(
                "reconcile/<int:pk>/",
                self.reconcile_detail_view.as_view(),
                name="incident-detail",
            ),
            path("outbox/", self.outbox_list_view.as_view(), name="outbox-list"),
            path(
                "outbox/<int:pk>/retry/",
                self.outbox_retry_view.as_view(),
                name="outbox-retry",
            ),
            path("disputes/", self.dispute_list_view.as_view(), name="dispute-list"),
            path(
                "disputes/<int:pk>/",
                self.dispute_detail_view.as_view(),
                name="dispute-detail",
            ),
            path(
                "disputes/<int:pk>/approve/",
                self.dispute_approve_view.as_view(),
                name="dispute-approve",
            ),
            path(
                "disputes/<int:pk>/refund/",
                self.dispute_refund_view.as_view(),
                name="dispute-refund",
            ),
            path(
                "project-types/",
                self.project_type_list_view.as_view(),
                name="project-type-list",
            ),
            path(
                "project-types/create/",
                self.project_type_form_view.as_view(),
                name="project-type-create",
            ),
            path(
                "project-types/<int:pk>/",
                self.project_type_form_view.as_view(),
                name="project-type-update",
            ),
            path(
                "project-types/<int:pk>/delete/",
                self.project_type_delete_view.as_view(),
                name="project-type-delete",
            ),
            path("offerings/", self.offering_list_view.as_view(), name="offering-list"),
            path(
                "offerings/<int:pk>/",
                self.offering_update_view.as_view(),
                name="offering-update",
            ),
            path(
                "proposals/<int:pk>/revisions/",
                self.proposal_revisions_view.as_view(),
                name="proposal-revisions",
            ),
        ]
        urls += self.get_messaging_urls()
        urls.append(
            path(
                "quotable-product-types/",
                self.quotable_class_list_view.as_view(),
                name="quotable-class-list",
            )
        )
        return self.post_process_urls(urls)
