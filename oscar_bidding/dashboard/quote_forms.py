"""The staff page of quotable product types: one row per catalogue product
class, saying whether its products are quoted, as which project type, and
whether "Add to basket" stays beside "Request a quote"."""

from django import forms
from django.utils.translation import gettext_lazy as _


class QuotableClassForm(forms.Form):
    product_class = forms.IntegerField(widget=forms.HiddenInput)
    quotable = forms.BooleanField(label=_("Quotable"), required=False)
    project_type = forms.TypedChoiceField(
        label=_("Project type"), coerce=int, required=False, empty_value=None
    )
    quote_only = forms.BooleanField(
        label=_("Instead of “Add to basket”"), required=False
    )

    def __init__(self, *args, type_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project_type"].choices = [("", _("No type"))] + list(type_choices)


class BaseQuotableClassFormSet(forms.BaseFormSet):
    """``product_classes``: every product class, in the order shown;
    ``rows``: their ``QuotableProductClass`` rows by class pk."""

    def __init__(self, *args, product_classes=(), rows=None, type_choices=(), **kwargs):
        self.product_classes = list(product_classes)
        rows = rows or {}
        kwargs["initial"] = [
            {
                "product_class": product_class.pk,
                "quotable": product_class.pk in rows,
                "project_type": getattr(
                    rows.get(product_class.pk), "project_type_id", None
                ),
                "quote_only": getattr(rows.get(product_class.pk), "quote_only", False),
            }
            for product_class in self.product_classes
        ]
        kwargs["form_kwargs"] = {"type_choices": type_choices}
        super().__init__(*args, **kwargs)
        self.extra = 0
        self.max_num = self.absolute_max = len(self.product_classes)
        for form, product_class in zip(self.forms, self.product_classes, strict=False):
            form.product_class_obj = product_class

    def clean(self):
        known = {product_class.pk for product_class in self.product_classes}
        for form in self.forms:
            if form.cleaned_data and form.cleaned_data["product_class"] not in known:
                raise forms.ValidationError(
                    _("The product types changed meanwhile: check them again.")
                )

    def settings(self):
        """``{product class pk: (project type pk, quote only)}`` of the
        classes ticked quotable."""
        return {
            form.cleaned_data["product_class"]: (
                form.cleaned_data["project_type"],
                form.cleaned_data["quote_only"],
            )
            for form in self.forms
            if form.cleaned_data.get("quotable")
        }


QuotableClassFormSet = forms.formset_factory(
    QuotableClassForm, formset=BaseQuotableClassFormSet, extra=0
)
