"""Forms of the vendor dashboard: they parse and check what a vendor typed.

The proposal page is one form plus a formset of milestones, each milestone form
owning a formset of its milestone items; the formsets turn the rows into the
``MilestoneSpec`` list that ``ProposalService`` expects, so views never touch
rows. Limits come from ``OSCAR_BIDDING_*`` settings, read when a form is built
so that the shop's settings apply.
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import DELETION_FIELD_NAME, BaseFormSet, formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from oscar.core.loading import get_class, get_classes, get_model
from oscar.templatetags.currency_filters import currency as format_currency

from oscar_bidding import money
from oscar_bidding.abstract_models import MONEY
from oscar_bidding.conf import setting

Proposal = get_model("bidding", "Proposal")
MilestoneSpec, ItemSpec = get_classes(
    "bidding.services.proposals", ["MilestoneSpec", "ItemSpec"]
)
vendor_partners = get_class("bidding.access", "vendor_partners")

#: Longest delivery estimate a vendor may give, in days (ten years).
MAX_DELIVERY_DAYS = 3650

#: A proposal number typed in the search box: "12" or "#12", at most a bigint.
PROPOSAL_NUMBER = re.compile(r"#?([0-9]{1,18})")


def long_text_field(**kwargs):
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=setting("OSCAR_BIDDING_MAX_TEXT_LENGTH"),
        **kwargs,
    )


def as_percentage(fraction):
    """A stored tax rate (0.2) as the vendor types it (20.00)."""
    return (Decimal(fraction) * 100).quantize(Decimal("0.01"))


def amount_incl_tax(item, currency):
    """What the customer pays for one milestone item, rounded as the service does."""
    price = item.quantity * item.unit_price
    return price + money.tax(price, item.tax_rate, currency)


class FiniteDecimalField(forms.DecimalField):
    """Refuses "NaN", "sNaN" and infinities when it parses them, not only when it
    validates: formsets compare the parsed value with the initial one
    (``has_changed``), and comparing a signalling NaN raises."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is not None and not value.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value


class PartnerChoiceMixin:
    """A ``partner`` field for users who act for several partners (staff: any).

    A user with one partner gets no field, and that partner in ``cleaned_data``.
    """

    def add_partner_field(self, user, required=True, empty_label="---------"):
        partners = vendor_partners(user).order_by("name")
        first_two = list(partners[:2])
        self.only_partner = first_two[0] if len(first_two) == 1 else None
        self.partner_required = required
        if len(first_two) > 1:
            self.fields["partner"] = forms.ModelChoiceField(
                queryset=partners,
                label=_("Vendor"),
                required=required,
                empty_label=empty_label,
            )

    def clean(self):
        cleaned_data = super().clean()
        if "partner" not in self.fields:
            if self.partner_required and self.only_partner is None:
                raise ValidationError(
                    _("Your account is not linked to a vendor."), code="no_partner"
                )
            cleaned_data["partner"] = self.only_partner
        return cleaned_data


class ProjectSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)


class ProposalSearchForm(PartnerChoiceMixin, forms.Form):
    q = forms.CharField(
        label=_("Project or proposal number"), required=False, max_length=200
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses"))] + Proposal.STATUS_CHOICES,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_partner_field(user, required=False, empty_label=_("All vendors"))

    def proposal_number(self):
        """The proposal id typed in the search box, if it looks like one."""
        match = PROPOSAL_NUMBER.fullmatch(self.cleaned_data["q"])
        return int(match.group(1)) if match else None


class DeclineForm(PartnerChoiceMixin, forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_partner_field(user)
        self.fields["reason"] = long_text_field(
            label=_("Reason"), help_text=_("The customer reads it.")
        )


class RefundForm(forms.Form):
    """Staff say why they refund a milestone payment."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = long_text_field(
            label=_("Reason"), help_text=_("The customer and the vendor read it.")
        )


class ProposalForm(forms.Form):
    """The proposal itself; its milestones are in :class:`MilestoneFormSet`."""

    delivery_days = forms.IntegerField(
        label=_("Delivery estimate (days)"),
        required=False,
        min_value=1,
        max_value=MAX_DELIVERY_DAYS,
    )
    #: Set by the "Submit proposal" button; "Save draft" leaves it out.
    submit_proposal = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cover_letter"] = long_text_field(
            label=_("Cover letter"), required=False
        )
        self.order_fields(["cover_letter", "delivery_days"])

    def proposal_fields(self):
        """Keyword arguments for ``ProposalService.create`` and ``update``."""
        return {
            "cover_letter": self.cleaned_data["cover_letter"],
            "delivery_days": self.cleaned_data["delivery_days"],
        }


class ProposalCreateForm(PartnerChoiceMixin, ProposalForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_partner_field(user)
        self.order_fields(["partner", "cover_letter", "delivery_days"])


class MilestoneItemForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=255)

    def __init__(self, *args, currency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quantity"] = forms.IntegerField(
            label=_("Quantity"),
            min_value=1,
            max_value=setting("OSCAR_BIDDING_MAX_QUANTITY"),
            initial=1,
        )
        self.fields["unit_price"] = FiniteDecimalField(
            label=_("Unit price (excl. tax)"),
            min_value=0,
            max_value=setting("OSCAR_BIDDING_MAX_AMOUNT"),
            max_digits=MONEY["max_digits"],
            decimal_places=money.decimals(currency),
        )
        self.fields["tax_rate"] = FiniteDecimalField(
            label=_("Tax rate (%)"),
            min_value=0,
            max_value=100,
            max_digits=5,
            decimal_places=2,
            initial=as_percentage(setting("OSCAR_BIDDING_DEFAULT_TAX_RATE")),
        )

    @staticmethod
    def initial_for(item):
        return {
            "description": item.description,
            "quantity": item.quantity,
            "unit_price": item.unit_price,
            "tax_rate": as_percentage(item.tax_rate),
        }

    def spec(self):
        data = self.cleaned_data
        return ItemSpec(
            description=data["description"],
            quantity=data["quantity"],
            unit_price=data["unit_price"],
            tax_rate=data["tax_rate"] / 100,
        )


class RowFormSet(BaseFormSet):
    """Rows the vendor adds and removes in the page, at most a setting's worth."""

    limit_setting = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_num = setting(self.limit_setting)
        # Leaves room for rows removed in the browser (they are still posted)
        # while refusing to build thousands of forms from a forged TOTAL_FORMS.
        self.absolute_max = 2 * self.max_num + self.extra

    def live_forms(self):
        """The rows kept, in page order: filled in or saved before, and not removed."""
        return [
            form
            for index, form in enumerate(self.forms)
            if (index < self.initial_form_count() or form.has_changed())
            and not form.cleaned_data.get(DELETION_FIELD_NAME)
        ]

    def specs(self):
        """The kept rows as service specs; call once the formset is valid."""
        return [form.spec() for form in self.live_forms()]

    def clean(self):
        if len(self.live_forms()) > self.max_num:
            raise ValidationError(
                self.error_messages["too_many_forms"] % {"num": self.max_num},
                code="too_many_forms",
            )


class BaseMilestoneItemFormSet(RowFormSet):
    limit_setting = "OSCAR_BIDDING_MAX_ITEMS_PER_MILESTONE"
    default_error_messages = {
        "too_many_forms": ngettext_lazy(
            "A milestone can have at most %(num)d item.",
            "A milestone can have at most %(num)d items.",
            "num",
        ),
    }


MilestoneItemFormSet = formset_factory(
    MilestoneItemForm, formset=BaseMilestoneItemFormSet, extra=2, can_delete=True
)


class MilestoneForm(forms.Form):
    """A milestone and, in ``self.items``, the formset of its milestone items."""

    title = forms.CharField(label=_("Title"), max_length=255)
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, currency, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = MilestoneItemFormSet(
            self.data if self.is_bound else None,
            prefix=self.add_prefix("items"),
            initial=self.initial.get("items"),
            form_kwargs={"currency": currency},
        )

    @staticmethod
    def initial_for(milestone):
        return {
            "title": milestone.title,
            "due_date": milestone.due_date,
            "items": [MilestoneItemForm.initial_for(i) for i in milestone.items.all()],
        }

    def clean_due_date(self):
        due_date = self.cleaned_data["due_date"]
        if due_date and due_date < timezone.localdate():
            raise ValidationError(
                _("The due date cannot be in the past."), code="past_due_date"
            )
        return due_date

    def has_changed(self):
        return super().has_changed() or self.items.has_changed()

    def is_valid(self):
        return super().is_valid() and self.items.is_valid()

    def spec(self):
        return MilestoneSpec(
            title=self.cleaned_data["title"],
            due_date=self.cleaned_data["due_date"],
            items=self.items.specs(),
        )


class BaseMilestoneFormSet(RowFormSet):
    """The milestones of a proposal; ``specs()`` is what the service saves."""

    limit_setting = "OSCAR_BIDDING_MAX_MILESTONES"
    default_error_messages = {
        "too_many_forms": ngettext_lazy(
            "A proposal can have at most %(num)d milestone.",
            "A proposal can have at most %(num)d milestones.",
            "num",
        ),
        "no_milestones": _("A proposal needs at least one milestone."),
        "no_items": _("Milestone %(number)s has no items."),
        "too_expensive": _(
            "Milestone %(number)s costs %(amount)s, more than the %(limit)s allowed."
        ),
    }

    def __init__(self, *args, currency, **kwargs):
        super().__init__(*args, form_kwargs={"currency": currency}, **kwargs)
        self.currency = currency

    @staticmethod
    def initial_for(proposal):
        """The rows of a saved proposal; prefetch ``milestones__items``."""
        return [MilestoneForm.initial_for(m) for m in proposal.milestones.all()]

    def clean(self):
        super().clean()
        milestones = self.live_forms()
        if not milestones:
            raise ValidationError(
                self.error_messages["no_milestones"], code="no_milestones"
            )
        errors = [
            self.check_items(number, form)
            for number, form in enumerate(milestones, start=1)
        ]
        if any(errors):
            raise ValidationError([error for error in errors if error])

    def check_items(self, number, form):
        """The error of one milestone's items taken together, if any.

        Errors of single items are shown on their rows instead.
        """
        if not form.items.is_valid():
            return None
        items = form.items.specs()
        if not items:
            return ValidationError(
                self.error_messages["no_items"],
                code="no_items",
                params={"number": number},
            )
        amount = sum(amount_incl_tax(item, self.currency) for item in items)
        limit = setting("OSCAR_BIDDING_MAX_AMOUNT")
        if amount > limit:
            return ValidationError(
                self.error_messages["too_expensive"],
                code="too_expensive",
                params={
                    "number": number,
                    "amount": format_currency(amount, self.currency),
                    "limit": format_currency(limit, self.currency),
                },
            )
        return None


MilestoneFormSet = formset_factory(
    MilestoneForm, formset=BaseMilestoneFormSet, extra=1, can_delete=True
)
