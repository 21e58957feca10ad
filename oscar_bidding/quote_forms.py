"""Forms of quote requests: the product page's "Request a quote", the quote
list, and the project form that posts the request."""

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class

from oscar_bidding.conf import setting

ProjectForm = get_class("bidding.forms", "ProjectForm")


def quantity_field():
    return forms.IntegerField(
        label=_("Quantity"),
        min_value=1,
        max_value=setting("OSCAR_BIDDING_MAX_QUANTITY"),
        initial=1,
        error_messages={"invalid": _("Enter a whole number as the quantity.")},
    )


def note_field():
    return forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: what the vendors should know (size, finish, date)."),
    )


class QuoteAddForm(forms.Form):
    """The product page's "Request a quote": how many, and a note."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quantity"] = quantity_field()
        self.fields["note"] = note_field()


class QuoteLineForm(forms.Form):
    """A product of the quote list: its quantity and note, or removed."""

    product = forms.IntegerField(widget=forms.HiddenInput)
    remove = forms.BooleanField(label=_("Remove"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quantity"] = quantity_field()
        self.fields["note"] = note_field()
        self.order_fields(["product", "quantity", "note", "remove"])


class BaseQuoteLineFormSet(forms.BaseFormSet):
    def __init__(self, *args, lines=(), **kwargs):
        self.lines = list(lines)
        kwargs.setdefault(
            "initial",
            [
                {
                    "product": line.product.pk,
                    "quantity": line.quantity,
                    "note": line.note,
                }
                for line in self.lines
            ],
        )
        super().__init__(*args, **kwargs)
        self.extra = 0
        self.max_num = self.absolute_max = len(self.lines)
        for form, line in zip(self.forms, self.lines, strict=False):
            form.line = line

    def clean(self):
        listed = {line.product.pk for line in self.lines}
        for form in self.forms:
            if form.cleaned_data and form.cleaned_data["product"] not in listed:
                raise forms.ValidationError(
                    _("Your quote list changed meanwhile: check it again.")
                )

    def kept(self):
        """``(product pk, quantity, note)`` of the rows not removed."""
        return [
            (
                f.cleaned_data["product"],
                f.cleaned_data["quantity"],
                f.cleaned_data["note"],
            )
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("remove")
        ]


QuoteLineFormSet = forms.formset_factory(
    QuoteLineForm, formset=BaseQuoteLineFormSet, extra=0
)


class QuoteProjectForm(ProjectForm):
    """The project form of a quote request: its type is the products' (shown,
    not chosen), and its questions are that type's."""

    def __init__(self, data=None, *args, quote_type=None, **kwargs):
        self.quote_type = quote_type
        if data is not None:
            # Never the customer's choice: the products decide it.
            data = data.copy()
            data["project_type"] = quote_type.pk if quote_type else ""
        super().__init__(
            data, *args, project_type=getattr(quote_type, "pk", None), **kwargs
        )
        field = self.fields["project_type"]
        field.widget = forms.HiddenInput()
        field.required = False
