"""Rates: a vendor's reusable prices ("Setting up your own rates")."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_class, get_classes

from oscar_bidding.conf import currency

DashboardListMixin = get_class("bidding_dashboard.views.mixins", "DashboardListMixin")
RateForm, RateCreateForm = get_classes(
    "bidding_dashboard.forms", ["RateForm", "RateCreateForm"]
)
RateService = get_class("bidding.services.rates", "RateService")
vendor_rates = get_class("bidding.access", "vendor_rates")


class RateMixin:
    """Rates of the user's partners (staff: all); any other is a 404."""

    context_object_name = "rate"
    service_class = RateService
    success_url = reverse_lazy("bidding_dashboard:rate-list")

    def get_queryset(self):
        return vendor_rates(self.request.user).select_related("partner")


class RateListView(DashboardListMixin, RateMixin, generic.ListView):
    template_name = "oscar_bidding/dashboard/rate_list.html"
    context_object_name = "rates"


class RateCreateView(RateMixin, generic.FormView):
    template_name = "oscar_bidding/dashboard/rate_form.html"
    form_class = RateCreateForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "currency": currency(),
        }

    def form_valid(self, form):
        data = form.cleaned_data
        rate = self.service_class().create(
            data["partner"], currency(), **form.rate_fields()
        )
        messages.success(
            self.request, _("Rate “%(name)s” is saved.") % {"name": rate.name}
        )
        return redirect(self.success_url)


class RateUpdateView(RateMixin, generic.detail.SingleObjectMixin, generic.FormView):
    template_name = "oscar_bidding/dashboard/rate_form.html"
    form_class = RateForm

    def dispatch(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "currency": self.object.currency}

    def get_initial(self):
        return RateForm.initial_for(self.object)

    def form_valid(self, form):
        rate = self.service_class().update(self.object, **form.rate_fields())
        messages.success(
            self.request, _("Rate “%(name)s” is saved.") % {"name": rate.name}
        )
        return redirect(self.success_url)


class RateDeleteView(RateMixin, generic.DetailView):
    """GET asks, a POST (with its CSRF token) deletes."""

    template_name = "oscar_bidding/dashboard/rate_delete.html"

    def post(self, request, *args, **kwargs):
        rate = self.get_object()
        self.service_class().delete(rate)
        messages.success(
            request, _("Rate “%(name)s” is deleted.") % {"name": rate.name}
        )
        return redirect(self.success_url)
