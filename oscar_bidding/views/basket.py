"""Leaving a milestone payment: replace the milestone with a product, or cancel it.

Both ask first (a page, or the site-wide modal of ``oscar/layout.html``) and
change the basket only on POST.
"""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_class, get_model

BasketAddView = get_class("basket.views", "BasketAddView")
MilestonePaymentService = get_class(
    "bidding.services.payments", "MilestonePaymentService"
)
milestones_in = get_class("bidding.services.payments", "milestones_in")
Basket = get_model("basket", "Basket")


class MilestonePaymentViewMixin:
    """A view about the milestone payment in the customer's basket."""

    payment_service_class = MilestonePaymentService

    def release(self):
        """Empty and unlock the basket; the request carries it from now on."""
        basket = self.payment_service_class().release(self.request.basket)
        basket.strategy = self.request.strategy
        self.request.basket = basket

    def get_context_data(self, **kwargs):
        kwargs.setdefault("basket_milestones", milestones_in(self.request.basket))
        return super().get_context_data(**kwargs)


class BasketReplaceView(MilestonePaymentViewMixin, BasketAddView):
    """Replace the milestone with the product: the basket then holds only the
    product, added as the shop's own add-to-basket view adds it.

    The product (``product``) and the add-to-basket form's fields come in the
    query string (the page) or the POST (the page's form or the modal). They
    are checked against an empty basket, which is what the basket will be.
    """

    template_name = "oscar_bidding/basket_replace.html"
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        data = request.POST if request.method == "POST" else request.GET
        pk = data.get("product", "")
        if not pk.isdigit():
            raise Http404
        self.product = get_object_or_404(self.product_model, pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if not request.basket.milestone_locked:
            return redirect(self.product.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        with transaction.atomic():
            if request.basket.milestone_locked:
                self.release()
                messages.info(
                    request,
                    _(
                        "The milestone has left your basket: you can pay it "
                        "later from its proposal."
                    ),
                )
            return self.form_valid(form)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "GET":
            kwargs["data"] = self.request.GET
        if self.request.basket.milestone_locked:
            kwargs["basket"] = Basket(owner=self.request.user)
            kwargs["basket"].strategy = self.request.strategy
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            product=self.product,
            replace_fields=list(self.request.GET.lists()),
            **kwargs,
        )

    def get_success_url(self):
        return reverse("basket:summary")


class BasketReleaseView(MilestonePaymentViewMixin, generic.TemplateView):
    """Cancel this payment: the basket is emptied and unlocked."""

    template_name = "oscar_bidding/basket_release.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.basket.milestone_locked:
            messages.info(request, _("Your basket does not pay a milestone."))
            return redirect("basket:summary")
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.release()
        messages.success(
            request,
            _(
                "This payment is cancelled and your basket is empty: you can "
                "pay the milestone later from its proposal."
            ),
        )
        return redirect("basket:summary")
