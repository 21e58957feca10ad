"""Compare proposals: the customer's chosen proposals on one project, side by side."""

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_class, get_model

from oscar_bidding.conf import setting

AccountPageMixin = get_class("bidding.views.mixins", "AccountPageMixin")
customer_projects = get_class("bidding.access", "customer_projects")
customer_proposals = get_class("bidding.access", "customer_proposals")
ComparedProposal = get_class("bidding.comparison", "ComparedProposal")
Milestone = get_model("bidding", "Milestone")


class ProposalCompareView(AccountPageMixin, generic.TemplateView):
    """``?proposal=1&proposal=2``: proposals of the project, as ticked on the
    project page. A proposal id that is not one of this project's proposals
    visible to the customer (another customer's, another project's, a draft,
    not a number) is a 404: nothing is shown. Fewer than two is sent back to
    the project with a message."""

    template_name = "oscar_bidding/proposal_compare.html"
    page_title = _("Compare proposals")
    compared_class = ComparedProposal
    #: The query parameter that names a proposal, once per proposal.
    parameter = "proposal"

    def get(self, request, *args, **kwargs):
        self.project = get_object_or_404(
            customer_projects(request.user)
            .select_related("project_type")
            .prefetch_related("answers"),
            pk=kwargs["pk"],
        )
        ids = self.requested_ids()
        proposals = {p.pk: p for p in self.get_queryset().filter(pk__in=ids)}
        if len(proposals) != len(ids):
            raise Http404("A proposal is not one of this project's.")
        if len(proposals) < 2:
            messages.error(
                request,
                _("Tick at least two proposals to compare them side by side."),
            )
            return redirect(self.project.get_absolute_url() + "#proposals")
        self.proposals = [proposals[pk] for pk in ids]
        return super().get(request, *args, **kwargs)

    def requested_ids(self):
        """The ids asked for, in their order, each once; anything else is a 404."""
        ids = []
        for value in self.request.GET.getlist(self.parameter):
            try:
                pk = int(value)
            except (TypeError, ValueError) as error:
                raise Http404("Not a proposal id.") from error
            if pk not in ids:
                ids.append(pk)
        return ids

    def get_queryset(self):
        milestones = Milestone.objects.order_by("number")
        return (
            customer_proposals(self.request.user)
            .filter(project=self.project)
            .select_related("project", "partner", "terms_accepted_by")
            .annotate(revision_count=Count("versions"))
            .prefetch_related(Prefetch("milestones", queryset=milestones))
        )

    def get_page_title(self):
        return self.page_title

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            project=self.project,
            columns=[self.compared_class(p) for p in self.proposals],
            allow_several_awards=setting("OSCAR_BIDDING_ALLOW_SEVERAL_AWARDS"),
            **kwargs,
        )
