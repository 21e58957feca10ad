from django.apps import AppConfig
from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarConfig
from oscar.core.loading import get_class


class BiddingConfig(OscarConfig):
    """Storefront: the customer's projects and the proposals they receive."""

    label = "bidding"
    name = "oscar_bidding"
    verbose_name = _("Bidding")
    namespace = "bidding"
    default_auto_field = "django.db.models.BigAutoField"
    default_permissions = ["is_authenticated"]

    def ready(self):
        from oscar_bidding import checks, receivers  # noqa: F401

        views = "bidding.views"
        self.project_list_view = get_class(views, "ProjectListView")
        self.project_create_view = get_class(views, "ProjectCreateView")
        self.project_detail_view = get_class(views, "ProjectDetailView")
        self.project_update_view = get_class(views, "ProjectUpdateView")
        self.project_cancel_view = get_class(views, "ProjectCancelView")
        self.project_complete_view = get_class(views, "ProjectCompleteView")
        self.attachment_view = get_class(views, "AttachmentDownloadView")
        self.proposal_detail_view = get_class(views, "ProposalDetailView")
        self.proposal_accept_view = get_class(views, "ProposalAcceptView")
        self.proposal_reject_view = get_class(views, "ProposalRejectView")
        self.milestone_pay_view = get_class(
            "bidding.views.payments", "MilestonePayView"
        )
        self.basket_replace_view = get_class(
            "bidding.views.basket", "BasketReplaceView"
        )
        self.basket_release_view = get_class(
            "bidding.views.basket", "BasketReleaseView"
        )
        self.invoice_detail_view = get_class(
            "bidding.views.invoices", "InvoiceDetailView"
        )
        self.invoice_pdf_view = get_class("bidding.views.invoices", "InvoicePDFView")
        self.milestone_approve_view = get_class(views, "MilestoneApproveView")
        self.milestone_revision_view = get_class(views, "MilestoneRevisionView")
        self.milestone_dispute_view = get_class(views, "MilestoneDisputeView")
        self.delivery_file_view = get_class(views, "DeliveryFileDownloadView")
        self.proposal_messages_view = get_class(views, "ProposalMessagesView")
        self.proposal_files_view = get_class(views, "ProposalFilesView")
        self.project_messages_view = get_class(views, "ProjectMessagesView")
        self.conversation_detail_view = get_class(views, "ConversationDetailView")
        self.message_file_view = get_class(views, "MessageFileDownloadView")
        self.answer_file_view = get_class(views, "AnswerFileDownloadView")
        self.proposal_request_changes_view = get_class(
            views, "ProposalRequestChangesView"
        )
        self.proposal_revisions_view = get_class(views, "ProposalRevisionsView")
        self.proposal_compare_view = get_class(views, "ProposalCompareView")
        self.project_terms_file_view = get_class(views, "ProjectTermsFileView")
        self.proposal_terms_file_view = get_class(views, "ProposalTermsFileView")
        self.quote_add_view = get_class(views, "QuoteAddView")
        self.quote_list_view = get_class(views, "QuoteListView")
        self.quote_submit_view = get_class(views, "QuoteSubmitView")
        self.project_invite_view = get_class(
            "bidding.views.invitations", "ProjectInviteView"
        )

    def get_urls(self):
        urls = [
            path("", self.project_list_view.as_view(), name="project-list"),
            path("new/", self.project_create_view.as_view(), name="project-create"),
            path(
                "<int:pk>/", self.project_detail_view.as_view(), name="project-detail"
            ),
            path(
                "<int:pk>/edit/",
                self.project_update_view.as_view(),
                name="project-update",
            ),
            path(
                "<int:pk>/cancel/",
                self.project_cancel_view.as_view(),
                name="project-cancel",
            ),
            path(
                "<int:pk>/complete/",
                self.project_complete_view.as_view(),
                name="project-complete",
            ),
            path(
                "attachments/<int:pk>/",
                self.attachment_view.as_view(),
                name="attachment-download",
            ),
            path(
                "proposals/<int:pk>/",
                self.proposal_detail_view.as_view(),
                name="proposal-detail",
            ),
            path(
                "proposals/<int:pk>/accept/",
                self.proposal_accept_view.as_view(),
                name="proposal-accept",
            ),
            path(
                "proposals/<int:pk>/reject/",
                self.proposal_reject_view.as_view(),
                name="proposal-reject",
            ),
            path(
                "milestones/<int:pk>/pay/",
                self.milestone_pay_view.as_view(),
                name="milestone-pay",
            ),
            path(
                "milestones/<int:pk>/approve/",
                self.milestone_approve_view.as_view(),
                name="milestone-approve",
            ),
            path(
                "milestones/<int:pk>/request-revision/",
                self.milestone_revision_view.as_view(),
                name="milestone-request-revision",
            ),
            path(
                "milestones/<int:pk>/dispute/",
                self.milestone_dispute_view.as_view(),
                name="milestone-dispute",
            ),
            path(
                "deliveries/files/<int:pk>/",
                self.delivery_file_view.as_view(),
                name="delivery-file",
            ),
            path(
                "basket/replace/",
                self.basket_replace_view.as_view(),
                name="basket-replace",
            ),
            path(
                "basket/release/",
                self.basket_release_view.as_view(),
                name="basket-release",
            ),
            path(
                "invoices/<str:number>/",
                self.invoice_detail_view.as_view(),
                name="invoice-detail",
            ),
            path(
                "invoices/<str:number>/pdf/",
                self.invoice_pdf_view.as_view(),
                name="invoice-pdf",
            ),
            path(
                "answers/files/<int:pk>/",
                self.answer_file_view.as_view(),
                name="answer-file",
            ),
            path(
                "proposals/<int:pk>/request-changes/",
                self.proposal_request_changes_view.as_view(),
                name="proposal-request-changes",
            ),
            path(
                "proposals/<int:pk>/revisions/",
                self.proposal_revisions_view.as_view(),
                name="proposal-revisions",
            ),
            path(
                "<int:pk>/compare/",
                self.proposal_compare_view.as_view(),
                name="proposal-compare",
            ),
            path(
                "<int:pk>/terms/",
                self.project_terms_file_view.as_view(),
                name="project-terms-file",
            ),
            path(
                "proposals/<int:pk>/terms/",
                self.proposal_terms_file_view.as_view(),
                name="proposal-terms-file",
            ),
        ]
        urls += self.get_messaging_urls()
        urls += self.get_quote_urls()
        urls += self.get_invitation_urls()
        return self.post_process_urls(urls)

    def get_quote_urls(self):
        """Quote requests from catalogue products (Omnyfy's product mode)."""
        return [
            path(
                "quotes/add/<int:pk>/",
                self.quote_add_view.as_view(),
                name="quote-add",
            ),
            path("quotes/", self.quote_list_view.as_view(), name="quote-list"),
            path(
                "quotes/request/",
                self.quote_submit_view.as_view(),
                name="quote-submit",
            ),
        ]

    def get_invitation_urls(self):
        return [
            path(
                "<int:pk>/invite/",
                self.project_invite_view.as_view(),
                name="project-invite",
            ),
        ]

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
                "<int:pk>/messages/",
                self.project_messages_view.as_view(),
                name="project-messages",
            ),
            path(
                "conversations/<int:pk>/",
                self.conversation_detail_view.as_view(),
                name="conversation-detail",
            ),
            path(
                "messages/files/<int:pk>/",
                self.message_file_view.as_view(),
                name="message-file",
            ),
        ]


class BiddingResourcesConfig(AppConfig):
    """The package's templates, static files, translations and management
    commands, for a shop that replaced :class:`BiddingConfig` with its own fork
    of ``bidding``: Django finds those by the installed app's folder, and the
    fork's folder holds only what it changes. List it right after the fork."""

    name = "oscar_bidding"
    label = "bidding_resources"
    verbose_name = _("Bidding templates and commands")

    def import_models(self):
        # The fork's models module defines and imports the models.
        self.models = self.apps.all_models[self.label]
