"""The API's input, checked by the same forms as the pages: a request the
storefront or the dashboard would refuse is refused here with the same
messages, as Django REST framework's validation errors (400)."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_classes
from rest_framework.exceptions import ValidationError

ProjectForm, DeliveryForm, ReasonForm, ProposalDecisionForm = get_classes(
    "bidding.forms",
    ["ProjectForm", "DeliveryForm", "ReasonForm", "ProposalDecisionForm"],
)
ProposalForm, ProposalCreateForm, MilestoneFormSet = get_classes(
    "bidding_dashboard.forms",
    ["ProposalForm", "ProposalCreateForm", "MilestoneFormSet"],
)
sub_vendor_partners = get_class("bidding.access", "sub_vendor_partners")

NON_FIELD = "non_field_errors"


def form_errors(form):
    """A form's errors as DRF writes them: ``__all__`` is ``non_field_errors``."""
    return {
        (NON_FIELD if name == "__all__" else name): [str(m) for m in messages]
        for name, messages in form.errors.items()
    }


def validated(form):
    """``form``'s cleaned data, or a 400 with its errors."""
    if not form.is_valid():
        raise ValidationError(form_errors(form))
    return form.cleaned_data


def form_data(request, instance_values=None, partial=False):
    """The request's fields for a form: a PATCH keeps the instance's other values."""
    data = {}
    if partial and instance_values:
        data.update(instance_values)
    if hasattr(request.data, "lists"):  # multipart or form-encoded
        for key, values in request.data.lists():
            if not hasattr(values[0], "read"):
                data[key] = values if len(values) > 1 else values[0]
    else:
        data.update(request.data)
    return data


def project_form(request, instance=None, partial=False):
    """The storefront's ``ProjectForm`` bound to the request (files included)."""
    initial = None
    if instance is not None:
        initial = {
            "title": instance.title,
            "description": instance.description,
            "category": instance.category_id,
            "budget": instance.budget,
            "bidding_deadline": instance.bidding_deadline,
        }
    data = form_data(request, initial, partial)
    files = request.FILES
    return ProjectForm(data, files, instance=instance)


def percent(fraction):
    """The API's tax rate (a fraction, as stored: ``0.2``) as the form's percent."""
    try:
        return str(Decimal(str(fraction)) * 100)
    except (InvalidOperation, ValueError, TypeError):
        return str(fraction)


def milestone_formset_data(milestones, prefix="milestones"):
    """JSON milestones (``[{title, due_date, sub_vendor, items: [...]}]``) as the
    POST data of the dashboard's milestone formset."""
    if not isinstance(milestones, list):
        raise ValidationError({"milestones": [_("Expected a list of milestones.")]})
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(milestones)),
        f"{prefix}-INITIAL_FORMS": "0",
    }
    for index, milestone in enumerate(milestones):
        if not isinstance(milestone, dict):
            raise ValidationError({"milestones": [_("Expected a list of objects.")]})
        row = f"{prefix}-{index}"
        for name in ("title", "due_date", "sub_vendor"):
            value = milestone.get(name)
            data[f"{row}-{name}"] = "" if value is None else str(value)
        items = milestone.get("items") or []
        if not isinstance(items, list):
            raise ValidationError({"milestones": [_("Expected a list of items.")]})
        data[f"{row}-items-TOTAL_FORMS"] = str(len(items))
        data[f"{row}-items-INITIAL_FORMS"] = "0"
        for position, item in enumerate(items):
            cell = f"{row}-items-{position}"
            item = item if isinstance(item, dict) else {}
            data[f"{cell}-description"] = str(item.get("description") or "")
            data[f"{cell}-quantity"] = str(item.get("quantity", ""))
            data[f"{cell}-unit_price"] = str(item.get("unit_price", ""))
            data[f"{cell}-tax_rate"] = percent(item.get("tax_rate", 0))
    return data


def formset_errors(formset):
    """The milestone formset's errors, nested as the JSON input was."""
    errors = {}
    rows = []
    for form in formset.forms:
        row = form_errors(form) if form.errors else {}
        items = [form_errors(item) for item in form.items.forms]
        if any(items):
            row["items"] = items
        if form.items.non_form_errors():
            row.setdefault(NON_FIELD, []).extend(
                str(m) for m in form.items.non_form_errors()
            )
        rows.append(row)
    if any(rows):
        errors["milestones"] = rows
    if formset.non_form_errors():
        errors[NON_FIELD] = [str(m) for m in formset.non_form_errors()]
    return errors


def proposal_forms(request, project, proposal=None):
    """The dashboard's proposal form and milestone formset bound to the JSON;
    returns ``(cleaned proposal fields, milestone specs)`` or raises 400."""
    data = dict(request.data)
    fields = {
        "cover_letter": data.get("cover_letter") or "",
        "delivery_days": ""
        if data.get("delivery_days") is None
        else data["delivery_days"],
    }
    if proposal is None:
        if data.get("partner") is not None:
            fields["partner"] = data["partner"]
        form = ProposalCreateForm(fields, user=request.user)
        vendor = getattr(form, "only_partner", None)
    else:
        form = ProposalForm(fields)
        vendor = proposal.partner
    if proposal is not None and "milestones" not in data:
        raise ValidationError({"milestones": [_("This field is required.")]})
    formset = MilestoneFormSet(
        milestone_formset_data(data.get("milestones") or []),
        prefix="milestones",
        currency=project.currency,
        sub_vendors=list(sub_vendor_partners(vendor).order_by("name", "pk")),
    )
    form_ok, formset_ok = form.is_valid(), formset.is_valid()
    if not (form_ok and formset_ok):
        errors = form_errors(form) if not form_ok else {}
        if not formset_ok:
            errors.update(formset_errors(formset))
        raise ValidationError(errors)
    return form.cleaned_data, formset.specs()
