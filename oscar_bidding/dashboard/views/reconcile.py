"""Payments to reconcile: payment attempts that may have taken money without
placing an order (staff only)."""

from django import forms
from django.contrib import messages
from django.db.models import F, Prefetch, Q
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_class, get_model

from oscar_bidding.exceptions import BiddingError

Milestone = get_model("bidding", "Milestone")
PaymentAttempt = get_model("bidding", "PaymentAttempt")
DashboardListMixin = get_class("bidding_dashboard.views.mixins", "DashboardListMixin")
PaymentAttemptService = get_class("bidding.services.attempts", "PaymentAttemptService")


class ReconcileForm(forms.Form):
    PLACE, FAIL, RESOLVE = "place", "fail", "resolve"
    ACTIONS = [
        (PLACE, _("The payment was taken: place the order now")),
        (FAIL, _("Nothing was taken: mark it failed")),
        (RESOLVE, _("Reconciled by hand (refunded, settled…): mark it resolved")),
    ]

    action = forms.ChoiceField(
        label=_("What to do"), choices=ACTIONS, widget=forms.RadioSelect
    )
    resolution = forms.CharField(
        label=_("Resolution"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you checked and did: the gateway's answer, a refund…"),
    )


class ReconcileMixin:
    """Every attempt that needed or needs a person, with what its pages show,
    in a fixed number of queries."""

    context_object_name = "attempt"

    def get_queryset(self):
        milestones = Milestone.objects.select_related("proposal__project").order_by(
            "proposal_id", "number"
        )
        return (
            PaymentAttempt.objects.filter(
                Q(status__in=PaymentAttempt.TO_RECONCILE)
                | Q(date_resolved__isnull=False)
            )
            .select_related("user", "order")
            .prefetch_related(Prefetch("milestones", queryset=milestones))
            .order_by(F("date_resolved").desc(nulls_first=True), "-date_created", "-pk")
        )


class ReconcileListView(DashboardListMixin, ReconcileMixin, generic.ListView):
    """Open ones first: they wait for staff."""

    template_name = "oscar_bidding/dashboard/reconcile_list.html"
    context_object_name = "attempts"


class ReconcileDetailView(ReconcileMixin, generic.DetailView):
    """The attempt; a POST places its order, marks it failed or resolved."""

    template_name = "oscar_bidding/dashboard/reconcile_detail.html"
    service_class = PaymentAttemptService

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ReconcileForm())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = ReconcileForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            self.service_class().resolve(
                self.object,
                form.cleaned_data["action"],
                form.cleaned_data["resolution"],
            )
        except BiddingError as error:
            messages.error(request, str(error))
            return redirect("bidding_dashboard:incident-detail", pk=self.object.pk)
        messages.success(request, _("The payment is marked reconciled."))
        return redirect("bidding_dashboard:incident-list")
