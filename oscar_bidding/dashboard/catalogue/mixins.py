"""What Oscar's product views need to leave the milestone product alone.

Vendors see a product through their partner's stock record of it, and the
milestone product has one under every paid vendor's partner: for them it is
left out of every product view, as another vendor's product is. Staff see it,
marked as managed by oscar_bidding; nobody changes it, in bulk or one at a time,
or deletes it while it is in use. Our fork's views (:mod:`.views`) are made of
these mixins; a shop with its own catalogue dashboard fork puts each one first
in its own view.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_classes

is_milestone_product, without_milestone_product = get_classes(
    "bidding.milestone_product", ["is_milestone_product", "without_milestone_product"]
)


class MilestoneProductFilterMixin:
    """Leave the milestone product out of what a vendor may see."""

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.request.user.is_staff:
            return queryset
        return without_milestone_product(queryset)


class MilestoneProductEditMixin(MilestoneProductFilterMixin):
    """The product page: staff see the milestone product, nobody changes it,
    nor adds a variant to it."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            milestone_product=self.is_milestone_product(), **kwargs
        )

    def is_milestone_product(self):
        return is_milestone_product(self.object or self.parent)

    def process_all_forms(self, form):
        if not self.is_milestone_product():
            return super().process_all_forms(form)
        messages.error(
            self.request,
            _(
                "The milestone product is managed by oscar_bidding: it cannot be "
                "changed here."
            ),
        )
        return redirect(
            "dashboard:catalogue-product", pk=(self.object or self.parent).pk
        )

    form_valid = form_invalid = process_all_forms


class MilestoneProductDeleteMixin(MilestoneProductFilterMixin):
    """Show the model layer's refusal to delete a product in use as a message."""

    def delete(self, request, *args, **kwargs):
        try:
            with transaction.atomic():
                return super().delete(request, *args, **kwargs)
        except ProtectedError as refusal:
            messages.error(request, refusal.args[0])
            return redirect("dashboard:catalogue-product", pk=self.object.pk)


class MilestoneProductBulkMixin:
    """Nobody changes the milestone product in bulk, staff included."""

    def get_selectable_queryset(self):
        if not hasattr(self, "_selectable_qs"):
            self._selectable_qs = without_milestone_product(
                super().get_selectable_queryset()
            )
        return self._selectable_qs


class MilestoneProductLookupMixin:
    """Ranges, offers and recommendations never pick the milestone product."""

    def get_queryset(self):
        return without_milestone_product(super().get_queryset())
