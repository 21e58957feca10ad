"""My Projects: the customer posts, edits, cancels and completes projects."""

from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_class, get_classes, get_model

from oscar_bidding import messaging
from oscar_bidding.conf import setting
from oscar_bidding.exceptions import BiddingError

AccountPageMixin, ConfirmActionView = get_classes(
    "bidding.views.mixins", ["AccountPageMixin", "ConfirmActionView"]
)
ProjectForm, ProjectSearchForm = get_classes(
    "bidding.forms", ["ProjectForm", "ProjectSearchForm"]
)
ProjectService = get_class("bidding.services.projects", "ProjectService")
customer_projects = get_class("bidding.access", "customer_projects")
unread_for_projects, unread_for_proposals = get_classes(
    "bidding.messaging", ["unread_for_projects", "unread_for_proposals"]
)
Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")
Invitation = get_model("bidding", "Invitation")

ARCHIVED = Q(status__in=Project.ARCHIVED_STATUSES)


def payable_milestones():
    """Milestones the customer can pay now: ready, of a proposal in progress."""
    return Milestone.objects.filter(
        status=Milestone.READY_TO_PAY, proposal__status=Proposal.ACCEPTED
    )


class ProjectListView(AccountPageMixin, generic.ListView):
    """The customer's projects: the active ones, or the archive on ``?archived=1``."""

    template_name = "oscar_bidding/project_list.html"
    context_object_name = "projects"
    page_title = _("My Projects")
    form_class = ProjectSearchForm

    def get(self, request, *args, **kwargs):
        self.archived = request.GET.get("archived") == "1"
        statuses = [
            value
            for value, _label in Project.STATUS_CHOICES
            if (value in Project.ARCHIVED_STATUSES) == self.archived
        ]
        self.form = self.form_class(request.GET, statuses=statuses)
        return super().get(request, *args, **kwargs)

    def get_paginate_by(self, queryset):
        return setting("OSCAR_BIDDING_PROJECTS_PER_PAGE")

    def get_queryset(self):
        projects = customer_projects(self.request.user).filter(
            ARCHIVED if self.archived else ~ARCHIVED
        )
        return (
            self.form.filter(projects)
            .annotate(
                num_proposals=Count(
                    "proposals",
                    filter=Q(proposals__status__in=Proposal.VISIBLE_TO_CUSTOMER),
                ),
                payment_due=Exists(
                    payable_milestones().filter(proposal__project=OuterRef("pk"))
                ),
                unread_messages=unread_for_projects(
                    self.request.user, messaging.CUSTOMER
                ),
            )
            .order_by(*Project._meta.ordering)  # GROUP BY drops Meta.ordering
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=self.form,
            archived=self.archived,
            tab_counts=customer_projects(self.request.user).aggregate(
                active=Count("pk", filter=~ARCHIVED),
                archived=Count("pk", filter=ARCHIVED),
            ),
            **kwargs,
        )


class ProjectDetailView(AccountPageMixin, generic.DetailView):
    """A project with its attachments and the proposals received (never drafts)."""

    template_name = "oscar_bidding/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        user = self.request.user
        proposals = (
            Proposal.objects.select_related("partner")
            .annotate(unread_messages=unread_for_proposals(user, messaging.CUSTOMER))
            .order_by("-date_submitted", "-pk")
        )
        return (
            customer_projects(user)
            .select_related("category", "project_type")
            .annotate(unread_messages=unread_for_projects(user, messaging.CUSTOMER))
            .prefetch_related(
                "attachments",
                "answers",
                "quote_items",
                Prefetch(
                    "invitations",
                    queryset=Invitation.objects.select_related("partner"),
                ),
                Prefetch(
                    "proposals",
                    queryset=proposals.filter(status__in=Proposal.VISIBLE_TO_CUSTOMER),
                    to_attr="received_proposals",
                ),
                Prefetch(
                    "proposals",
                    queryset=proposals.filter(status=Proposal.DECLINED),
                    to_attr="declined_proposals",
                ),
            )
        )

    def get_page_title(self):
        return self.object.title

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            payments_due=payable_milestones()
            .filter(proposal__project=self.object)
            .select_related("proposal__partner")
            .order_by("proposal_id", "number"),
            **kwargs,
        )


class ProjectFormMixin(AccountPageMixin):
    """The project form; its type's questions follow the type chosen.

    Without JavaScript, "Continue" (``choose_type``) posts the form to show
    the chosen type's questions, keeping what was typed and saving nothing;
    ``?type=`` does the same on a GET. ``?partial=questions`` renders the
    questions alone, for the script that loads them without a reload.
    """

    form_class = ProjectForm
    service_class = ProjectService
    template_name = "oscar_bidding/project_form.html"
    questions_template_name = "oscar_bidding/partials/project_questions.html"
    #: The vendors to invite, which follow the type too.
    invitees_template_name = "oscar_bidding/partials/project_invitees.html"
    context_object_name = "project"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["project_type"] = self.request.GET.get("type")
        if self.request.method == "POST" and "choose_type" in self.request.POST:
            data = self.request.POST
            kwargs.pop("data", None)
            kwargs.pop("files", None)
            kwargs["project_type"] = data.get("project_type")
            kwargs["initial"] = {
                **kwargs.get("initial", {}),
                **{
                    key: values if len(values) > 1 else values[0]
                    for key, values in data.lists()
                    if key != "csrfmiddlewaretoken"
                },
            }
        return kwargs

    def get_template_names(self):
        if self.request.GET.get("partial") == "questions":
            return [self.questions_template_name]
        if self.request.GET.get("partial") == "invitees":
            return [self.invitees_template_name]
        return super().get_template_names()

    def post(self, request, *args, **kwargs):
        if "choose_type" in request.POST:
            if not hasattr(self, "object"):
                self.object = None
            return self.render_to_response(self.get_context_data())
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except BiddingError as error:
            messages.error(self.request, str(error))
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message())
        return redirect(self.object)


class ProjectCreateView(ProjectFormMixin, generic.CreateView):
    page_title = _("Post a project")

    def save(self, form):
        return self.service_class().create(
            self.request.user,
            attachments=form.cleaned_data["attachments"],
            answers=form.answers(),
            **form.terms_fields(),
            **form.invitation_fields(),
            **form.project_fields(),
        )

    def get_success_message(self):
        return _("Your project “%(title)s” is posted: vendors can now bid on it.") % {
            "title": self.object.title
        }


class ProjectUpdateView(ProjectFormMixin, generic.UpdateView):
    """Edit a project while it is open; afterwards it is what vendors bid on."""

    page_title = _("Edit project")

    def dispatch(self, request, *args, **kwargs):
        self.object = get_object_or_404(
            customer_projects(request.user), pk=kwargs["pk"]
        )
        if "edit" not in self.object.actions_for(request.user):
            messages.error(
                request,
                _("This project can no longer be edited: it is %(status)s.")
                % {"status": self.object.get_status_display().lower()},
            )
            return redirect(self.object)
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return self.object

    def save(self, form):
        return self.service_class().update(
            self.object,
            attachments=form.cleaned_data["attachments"],
            remove_attachments=form.cleaned_data.get("remove_attachments", ()),
            answers=form.answers(),
            user=self.request.user,
            **form.terms_fields(),
            **form.invitation_fields(),
            **form.project_fields(),
        )

    def get_success_message(self):
        return _("Your project has been updated.")


class ProjectCancelView(ConfirmActionView):
    template_name = "oscar_bidding/project_cancel.html"
    context_object_name = "project"
    page_title = _("Cancel project")
    action = "cancel"
    success_message = _("The project has been cancelled.")
    service_class = ProjectService

    def get_queryset(self):
        return customer_projects(self.request.user)

    def perform(self, project):
        self.service_class().cancel(project, user=self.request.user)


class ProjectCompleteView(ConfirmActionView):
    template_name = "oscar_bidding/project_complete.html"
    context_object_name = "project"
    page_title = _("Mark project completed")
    action = "complete"
    success_message = _("The project is marked completed.")
    service_class = ProjectService

    def get_queryset(self):
        return customer_projects(self.request.user)

    def perform(self, project):
        self.service_class().complete(project, user=self.request.user)
