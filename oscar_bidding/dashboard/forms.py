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
from django.core.validators import MaxLengthValidator
from django.forms.formsets import DELETION_FIELD_NAME, BaseFormSet, formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from oscar.core.loading import get_class, get_classes, get_model
from oscar.templatetags.currency_filters import currency as format_currency

from oscar_bidding.abstract_models import MONEY
from oscar_bidding.conf import setting

Proposal = get_model("bidding", "Proposal")
Rate = get_model("bidding", "Rate")
MilestoneSpec, ItemSpec = get_classes(
    "bidding.services.proposals", ["MilestoneSpec", "ItemSpec"]
)
vendor_partners = get_class("bidding.access", "vendor_partners")
offered_type_ids = get_class("bidding.access", "offered_type_ids")
WEEKLY, MONTHLY = get_classes("bidding.services.schedules", ["WEEKLY", "MONTHLY"])
TypeTree = get_class("bidding.project_types", "TypeTree")
decimals, line_amounts, quantize, total = get_classes(
    "bidding.money", ["decimals", "line_amounts", "quantize", "total"]
)
VendorProfile = get_model("bidding", "VendorProfile")

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


def item_amounts(item, currency):
    """What one milestone item (an ``ItemSpec``) costs, as the service saves it."""
    return line_amounts(item.quantity, item.unit_price, item.tax_rate, currency)


def amount_incl_tax(item, currency):
    """What the customer pays for one milestone item, rounded as the service does."""
    return item_amounts(item, currency).incl_tax


#: The name of a posted rate field: "milestones-0-items-1-rate".
RATE_FIELD = re.compile(r"(milestones-[0-9]+-items-[0-9]+)-rate")
#: The formsets a vendor may add a row to without JavaScript ("Add milestone",
#: "Add milestone item").
ROW_PREFIX = re.compile(r"milestones(-[0-9]+-items)?")


def apply_rates(data, rates, currency):
    """Fill each posted item row that names a rate and has no unit price: the
    description (when blank), the unit price and the tax rate come from the
    rate. The page's script does it as soon as a rate is picked; this does it
    without JavaScript. Returns a copy of ``data`` when something changed."""
    if not data or not rates:
        return data
    filled = None
    for key in list(data.keys()):
        match = RATE_FIELD.fullmatch(key)
        rate = rates.get(data.get(key) or "") if match else None
        if rate is None:
            continue
        prefix = match.group(1)
        if (data.get(f"{prefix}-unit_price") or "").strip():
            continue
        if filled is None:
            filled = data.copy()
        filled[f"{prefix}-unit_price"] = str(quantize(rate.price, currency))
        filled[f"{prefix}-tax_rate"] = str(as_percentage(rate.tax_rate))
        if not (data.get(f"{prefix}-description") or "").strip():
            filled[f"{prefix}-description"] = rate.item_description()
        if not (data.get(f"{prefix}-quantity") or "").strip():
            filled[f"{prefix}-quantity"] = "1"
    return data if filled is None else filled


def with_extra_row(data, prefix):
    """``data`` with one more blank row in the formset ``prefix``: "Add
    milestone" and "Add milestone item" without JavaScript."""
    key = f"{prefix}-TOTAL_FORMS"
    if not ROW_PREFIX.fullmatch(prefix or "") or key not in data:
        return data
    try:
        total = int(data[key])
    except ValueError:
        return data
    data = data.copy()
    data[key] = str(total + 1)
    if prefix == "milestones":
        # The new milestone's own rows: blank item rows to fill in.
        items = f"{prefix}-{total}-items"
        data[f"{items}-TOTAL_FORMS"] = str(MilestoneItemFormSet.extra)
        data[f"{items}-INITIAL_FORMS"] = "0"
    return data


def with_milestones(data, specs, currency):
    """``data`` with ``specs`` (``MilestoneSpec``) appended as new milestone
    rows, as the vendor would have typed them."""
    data = data.copy()
    first = int(data.get("milestones-TOTAL_FORMS") or 0)
    for index, spec in enumerate(specs, start=first):
        prefix = f"milestones-{index}"
        data[f"{prefix}-title"] = spec.title
        data[f"{prefix}-due_date"] = spec.due_date.isoformat() if spec.due_date else ""
        data[f"{prefix}-items-TOTAL_FORMS"] = str(len(spec.items))
        data[f"{prefix}-items-INITIAL_FORMS"] = "0"
        for position, item in enumerate(spec.items):
            row = f"{prefix}-items-{position}"
            data[f"{row}-description"] = item.description
            data[f"{row}-quantity"] = str(item.quantity)
            data[f"{row}-unit_price"] = str(quantize(item.unit_price, currency))
            data[f"{row}-tax_rate"] = str(as_percentage(item.tax_rate))
    data["milestones-TOTAL_FORMS"] = str(first + len(specs))
    return data


def rate_label(rate, currency, with_partner=False):
    label = _("%(name)s: %(price)s %(type)s") % {
        "name": rate.name,
        "price": format_currency(rate.price, currency),
        "type": str(rate.get_rate_type_display()).lower(),
    }
    return f"{rate.partner.name} / {label}" if with_partner else label


class RateSelect(forms.Select):
    """A rate per option, with what the page's script copies into the row."""

    def __init__(self, *args, rates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rates = rates or {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        rate = self.rates.get(str(value))
        if rate is not None:
            option["attrs"].update(
                {
                    "data-description": rate.item_description(),
                    "data-unit-price": str(rate.price),
                    "data-tax-rate": str(as_percentage(rate.tax_rate)),
                }
            )
        return option


def rate_field(rates, currency, label, required=False):
    """A choice of ``rates`` (a dict of pk strings to rates, read once for the
    whole page: no query per row)."""
    partners = {rate.partner_id for rate in rates.values()}
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=[("", "---------")]
        + [
            (pk, rate_label(rate, currency, with_partner=len(partners) > 1))
            for pk, rate in rates.items()
        ],
        widget=RateSelect(rates=rates),
    )


class FiniteDecimalField(forms.DecimalField):
    """Refuses "NaN", "sNaN" and infinities when it parses them, not only when it
    validates: formsets compare the parsed value with the initial one
    (``has_changed``), and comparing a signalling NaN raises."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is not None and not value.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value


def price_field(label, currency):
    """A price excluding tax, in the currency's decimals, within the shop's limit."""
    return FiniteDecimalField(
        label=label,
        min_value=0,
        max_value=setting("OSCAR_BIDDING_MAX_AMOUNT"),
        max_digits=MONEY["max_digits"],
        decimal_places=decimals(currency),
    )


def tax_rate_field():
    """A tax rate in percent; the shop's default rate to start with."""
    return FiniteDecimalField(
        label=_("Tax rate (%)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        initial=as_percentage(setting("OSCAR_BIDDING_DEFAULT_TAX_RATE")),
    )


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
        label=_("Project, proposal, invoice or order number"),
        required=False,
        max_length=200,
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
    #: Removed by the view when the project has no terms (or the proposal is
    #: not being submitted); the service refuses a submission without it.
    accept_terms = forms.BooleanField(
        label=_("I accept the project's terms and conditions"),
        required=False,
        help_text=_("Needed to submit the proposal; not to save a draft."),
    )

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

    def __init__(self, *args, currency, rates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.currency = currency
        if rates:
            self.fields["rate"] = rate_field(rates, currency, _("Rate"))
            self.order_fields(["rate", "description"])
        self.fields["quantity"] = forms.IntegerField(
            label=_("Quantity"),
            min_value=1,
            max_value=setting("OSCAR_BIDDING_MAX_QUANTITY"),
            initial=1,
        )
        self.fields["unit_price"] = price_field(_("Unit price (excl. tax)"), currency)
        self.fields["tax_rate"] = tax_rate_field()

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

    def amounts(self):
        """The row's amounts as the service will save them, or ``None`` while
        the row is not valid."""
        if self.is_bound:
            # A blank extra row is valid with nothing cleaned.
            if not self.is_valid() or "unit_price" not in self.cleaned_data:
                return None
            return item_amounts(self.spec(), self.currency)
        if self.initial.get("unit_price") is None:
            return None
        return line_amounts(
            self.initial["quantity"],
            self.initial["unit_price"],
            self.initial["tax_rate"] / 100,
            self.currency,
        )


class RowFormSet(BaseFormSet):
    """Rows the vendor adds and removes in the page, at most a setting's worth."""

    limit_setting = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_num = setting(self.limit_setting)
        if self.initial:
            # Editing: the saved rows only, no blank ones ("Add" adds them).
            self.extra = 0
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

    def __init__(self, *args, currency, rates=None, sub_vendors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.currency = currency
        #: The partners the milestone may be given to: pk strings to partners.
        self.sub_vendors = sub_vendors or {}
        if self.sub_vendors:
            self.fields["sub_vendor"] = forms.ChoiceField(
                label=_("Sub-vendor"),
                required=False,
                choices=[("", _("None: your company does it"))]
                + [(pk, partner.name) for pk, partner in self.sub_vendors.items()],
                help_text=_(
                    "Another vendor who does this milestone: they see it, and "
                    "only it, and its order in their dashboard."
                ),
            )
        self.items = MilestoneItemFormSet(
            self.data if self.is_bound else None,
            prefix=self.add_prefix("items"),
            initial=self.initial.get("items"),
            form_kwargs={"currency": currency, "rates": rates},
        )
        self.has_rates = bool(rates)

    @staticmethod
    def initial_for(milestone):
        return {
            "title": milestone.title,
            "due_date": milestone.due_date,
            "sub_vendor": str(milestone.sub_vendor_id or ""),
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

    def amounts(self):
        """The milestone's running totals (``money.Amounts``) over its valid
        rows, as the service will save them."""
        rows = []
        for form in self.items.forms:
            amounts = form.amounts()  # validates a bound row first
            removed = form.is_bound and form.cleaned_data.get(DELETION_FIELD_NAME)
            if amounts is not None and not removed:
                rows.append(amounts)
        return total(rows)

    def clean_sub_vendor(self):
        return self.sub_vendors.get(self.cleaned_data["sub_vendor"] or "")

    def spec(self):
        return MilestoneSpec(
            title=self.cleaned_data["title"],
            due_date=self.cleaned_data["due_date"],
            items=self.items.specs(),
            sub_vendor=self.cleaned_data.get("sub_vendor"),
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

    def __init__(
        self, data=None, *args, currency, rates=None, sub_vendors=None, **kwargs
    ):
        #: Rates the vendor may pick in item rows: a dict of pk strings to rates.
        self.rates = {str(rate.pk): rate for rate in rates or ()}
        #: Partners a milestone may be given to, read once for the whole page.
        self.sub_vendors = {str(partner.pk): partner for partner in sub_vendors or ()}
        data = apply_rates(data, self.rates, currency)
        super().__init__(
            data,
            *args,
            form_kwargs={
                "currency": currency,
                "rates": self.rates,
                "sub_vendors": self.sub_vendors,
            },
            **kwargs,
        )
        self.currency = currency

    def amounts(self):
        """The proposal's running totals over the milestones kept."""
        if not self.is_bound:
            return total(form.amounts() for form in self.forms)
        kept = [
            form
            for index, form in enumerate(self.forms)
            if (index < self.initial_form_count() or form.has_changed())
            and not (
                hasattr(form, "cleaned_data")
                and form.cleaned_data.get(DELETION_FIELD_NAME)
            )
        ]
        return total(form.amounts() for form in kept)

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


class GenerateMilestonesForm(forms.Form):
    """ "Generate milestones": repeating milestones from a start date, each
    with one rate's item or with copies of one milestone's items."""

    FREQUENCY_CHOICES = [(WEEKLY, _("Weekly")), (MONTHLY, _("Monthly"))]
    #: Posted with every save of the proposal, and read only by its own button.
    use_required_attribute = False

    title = forms.CharField(label=_("Title"), max_length=200)
    start_date = forms.DateField(
        label=_("First due date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    frequency = forms.ChoiceField(label=_("Frequency"), choices=FREQUENCY_CHOICES)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, initial=1)
    copy_items_from = forms.IntegerField(
        label=_("Or copy the items of milestone"),
        required=False,
        min_value=1,
        help_text=_("The number of a milestone above."),
    )

    def __init__(self, *args, currency, rates=None, **kwargs):
        kwargs.setdefault("prefix", "generate")
        super().__init__(*args, **kwargs)
        self.rates = rates or {}
        self.fields["count"] = forms.IntegerField(
            label=_("Number of milestones"),
            min_value=1,
            max_value=setting("OSCAR_BIDDING_MAX_MILESTONES"),
            initial=4,
        )
        self.fields["quantity"].max_value = setting("OSCAR_BIDDING_MAX_QUANTITY")
        if self.rates:
            self.fields["rate"] = rate_field(self.rates, currency, _("Rate"))
        self.order_fields(
            ["title", "start_date", "frequency", "count", "rate", "quantity"]
        )

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        if start < timezone.localdate():
            raise ValidationError(
                _("The due date cannot be in the past."), code="past_due_date"
            )
        return start

    def clean(self):
        data = super().clean()
        if not data.get("rate") and not data.get("copy_items_from"):
            raise ValidationError(
                _("Choose a rate, or a milestone whose items to copy."),
                code="no_items",
            )
        return data

    def rate(self):
        return self.rates.get(self.cleaned_data.get("rate") or "")


class RateForm(forms.Form):
    """A vendor's rate: its name, unit, price and tax rate (typed as a percentage)."""

    name = forms.CharField(label=_("Name"), max_length=128)
    description = forms.CharField(
        label=_("Description"),
        max_length=255,
        required=False,
        help_text=_("For you: milestone items filled from the rate show its name."),
    )
    rate_type = forms.ChoiceField(label=_("Rate type"), choices=Rate.RATE_TYPE_CHOICES)

    def __init__(self, *args, currency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["price"] = price_field(_("Price (excl. tax)"), currency)
        self.fields["tax_rate"] = tax_rate_field()

    @staticmethod
    def initial_for(rate):
        return {
            "name": rate.name,
            "description": rate.description,
            "rate_type": rate.rate_type,
            "price": rate.price,
            "tax_rate": as_percentage(rate.tax_rate),
        }

    def rate_fields(self):
        """Keyword arguments for ``RateService.create`` and ``update``."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "description": data["description"],
            "rate_type": data["rate_type"],
            "price": data["price"],
            "tax_rate": data["tax_rate"] / 100,
        }


class RateCreateForm(PartnerChoiceMixin, RateForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_partner_field(user)
        self.order_fields(["partner"])


class DisputeDecisionForm(forms.Form):
    """Staff's note on their decision about a dispute: both sides read it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"] = long_text_field(
            label=_("Note"),
            help_text=_("The customer and the vendor read it in their e-mail."),
        )


class DisputeRefundForm(DisputeDecisionForm):
    """How much of the milestone's payment goes back: all that is left (the
    default) or a part, in the currency's decimals."""

    def __init__(self, *args, refundable=Decimal("0.00"), currency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.refundable = refundable
        self.currency = currency
        self.fields["amount"] = forms.DecimalField(
            label=_("Amount to refund"),
            initial=refundable,
            max_digits=MONEY["max_digits"],
            decimal_places=decimals(currency) if currency else 2,
            help_text=_("At most %(amount)s: what is left of the payment.")
            % {"amount": format_currency(refundable, currency)},
        )
        self.order_fields(["amount", "note"])

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise ValidationError(_("Refund an amount above zero."))
        if amount > self.refundable:
            raise ValidationError(
                _("You can refund at most %(amount)s: what is left of the payment.")
                % {"amount": format_currency(self.refundable, self.currency)}
            )
        return amount


# Project types (staff) and the types a vendor offers ---------------------------


class ProjectTypeForm(forms.ModelForm):
    """A project type; its parent is any type but itself and its descendants."""

    parent = forms.TypedChoiceField(
        label=_("Parent"), coerce=int, required=False, empty_value=None
    )

    class Meta:
        model = get_model("bidding", "ProjectType")
        fields = ["name", "description", "parent"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tree = TypeTree.load()
        excluded = set()
        if self.instance.pk:
            excluded = {self.instance.pk} | self.tree.descendants(self.instance)
        self.fields["parent"].choices = [("", _("None: a top-level type"))] + [
            choice for choice in self.tree.choices() if choice[0] not in excluded
        ]
        self.fields["parent"].help_text = _(
            "A type asks its parent's questions, then its own."
        )
        if self.instance.pk:
            self.initial["parent"] = self.instance.parent_id

    def clean_parent(self):
        pk = self.cleaned_data.get("parent")
        if pk is None:
            return None
        if self.instance.pk and (
            pk == self.instance.pk or pk in self.tree.descendants(self.instance)
        ):
            raise ValidationError(
                _("A type cannot be placed under itself or one of its subtypes."),
                code="cycle",
            )
        return self.tree.get(pk)


class ProjectQuestionForm(forms.ModelForm):
    class Meta:
        model = get_model("bidding", "ProjectQuestion")
        fields = ["label", "help_text", "kind", "choices", "required", "position"]
        widgets = {"choices": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        cleaned_data = super().clean()
        kind = cleaned_data.get("kind")
        choices = [
            c.strip()
            for c in (cleaned_data.get("choices") or "").splitlines()
            if c.strip()
        ]
        Question = self._meta.model
        if kind in Question.CHOICE_KINDS and not choices:
            self.add_error(
                "choices",
                ValidationError(
                    _("Give at least one choice, one per line."), code="no_choices"
                ),
            )
        if kind in Question.CHOICE_KINDS and len(set(choices)) != len(choices):
            self.add_error(
                "choices",
                ValidationError(_("Each choice must be different."), code="dupe"),
            )
        return cleaned_data


ProjectQuestionFormSet = forms.inlineformset_factory(
    get_model("bidding", "ProjectType"),
    get_model("bidding", "ProjectQuestion"),
    form=ProjectQuestionForm,
    extra=3,
    can_delete=True,
)


class OfferingForm(forms.Form):
    """The project types a vendor (partner) offers."""

    project_types = forms.TypedMultipleChoiceField(
        label=_("Project types offered"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    #: What customers read about the vendor when they choose whom to invite
    #: (kept in the package's ``VendorProfile``).
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What customers read about you when they choose the vendors to "
            "invite to their project."
        ),
    )

    def __init__(self, *args, partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner = partner
        self.tree = TypeTree.load()
        self.fields["project_types"].choices = self.tree.choices()
        self.initial.setdefault(
            "project_types",
            list(partner.bidding_project_types.values_list("pk", flat=True)),
        )
        profile = VendorProfile.objects.filter(partner=partner).first()
        self.initial.setdefault("description", profile.description if profile else "")
        self.fields["description"].validators.append(
            MaxLengthValidator(setting("OSCAR_BIDDING_MAX_TEXT_LENGTH"))
        )

    def clean_project_types(self):
        return [self.tree.get(pk) for pk in self.cleaned_data["project_types"]]


class OfferedTypeFilterForm(forms.Form):
    """Open Projects narrowed to one of the project types the vendor offers
    (a type includes the types below it); staff choose among all types."""

    project_type = forms.TypedChoiceField(
        label=_("Project type"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.tree = TypeTree.load()
        offered = None if user.is_staff else offered_type_ids(user)
        self.fields["project_type"].choices = [("", _("All project types"))] + [
            (pk, label)
            for pk, label in self.tree.choices()
            if offered is None or pk in offered
        ]

    def chosen_types(self):
        """The chosen type and every type below it; ``None`` for all."""
        if not self.is_valid() or self.cleaned_data["project_type"] is None:
            return None
        chosen = self.cleaned_data["project_type"]
        return {chosen} | self.tree.descendants(chosen)

    def filter(self, projects):
        types = self.chosen_types()
        return projects if types is None else projects.filter(project_type__in=types)
