"""Quotable product types (staff): which catalogue product classes customers
may ask a quote for, and the project type each quote request posts."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_class, get_model

ProductClass = get_model("catalogue", "ProductClass")
QuotableProductClass = get_model("bidding", "QuotableProductClass")
QuotableClassFormSet = get_class(
    "bidding_dashboard.quote_forms", "QuotableClassFormSet"
)
QuotableClassService = get_class("bidding.services.quotables", "QuotableClassService")
TypeTree = get_class("bidding.project_types", "TypeTree")


class QuotableClassListView(generic.TemplateView):
    """Every product class on one page, each with its quote settings: the
    shop has few classes, so no pagination."""

    template_name = "oscar_bidding/dashboard/quotable_class_list.html"
    formset_class = QuotableClassFormSet
    service_class = QuotableClassService

    def get_formset(self, data=None):
        return self.formset_class(
            data,
            prefix="classes",
            product_classes=ProductClass.objects.order_by("name", "pk"),
            rows={
                row.product_class_id: row for row in QuotableProductClass.objects.all()
            },
            type_choices=TypeTree.load().choices(),
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(
            self.get_context_data(formset=self.get_formset())
        )

    def post(self, request, *args, **kwargs):
        formset = self.get_formset(request.POST)
        if not formset.is_valid():
            messages.error(
                request,
                _("The quote settings were not saved: correct the errors below."),
            )
            return self.render_to_response(self.get_context_data(formset=formset))
        self.service_class().save(formset.settings())
        messages.success(request, _("The quotable product types are saved."))
        return redirect("bidding_dashboard:quotable-class-list")
