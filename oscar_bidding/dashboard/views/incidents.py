"""Payments to reconcile: money taken for orders that were not placed (staff only)."""

from django import forms
from django.contrib import messages
from django.db.models import F, Prefetch
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_class, get_model

from oscar_bidding.exceptions import BiddingError

Milestone = get_model("bidding", "Milestone")
PaymentIncident = get_model("bidding", "PaymentIncident")
DashboardListMixin = get_class("bidding_dashboard.views.mixins", "DashboardListMixin")
PaymentIncidentService = get_class(
    "bidding.services.incidents", "PaymentIncidentService"
)


class IncidentResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("Resolution"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How the payment was reconciled: refunded, order placed by hand…"),
    )


class IncidentMixin:
    """Every incident, with what its pages show, in a fixed number of queries."""

    context_object_name = "incident"

    def get_queryset(self):
        milestones = Milestone.objects.select_related("proposal__project").order_by(
            "proposal_id", "number"
        )
        return (
            PaymentIncident.objects.select_related("user")
            .prefetch_related(Prefetch("milestones", queryset=milestones))
            .order_by(F("date_resolved").desc(nulls_first=True), "-date_created", "-pk")
        )


class IncidentListView(DashboardListMixin, IncidentMixin, generic.ListView):
    """Open incidents first: they wait for staff."""

    template_name = "oscar_bidding/dashboard/incident_list.html"
    context_object_name = "incidents"


class IncidentDetailView(IncidentMixin, generic.DetailView):
    """The incident; a POST with a resolution marks it reconciled."""

    template_name = "oscar_bidding/dashboard/incident_detail.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", IncidentResolveForm())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = IncidentResolveForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            PaymentIncidentService().resolve(
                self.object, form.cleaned_data["resolution"]
            )
        except BiddingError as error:
            messages.error(request, str(error))
            return redirect("bidding_dashboard:incident-detail", pk=self.object.pk)
        messages.success(request, _("The payment is marked reconciled."))
        return redirect("bidding_dashboard:incident-list")
