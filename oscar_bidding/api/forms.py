"""The API's input, checked by the same forms as the pages: a request the
storefront or the dashboard would refuse is refused here with the same
messages, as Django REST framework's validation errors (400)."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_classes
from rest_framework.exceptions import ValidationError

from oscar_bidding import messaging

(
    ProjectForm,
    DeliveryForm,
    ReasonForm,
    ProposalDecisionForm,
    MessageForm,
    QuestionFields,
) = get_classes(
    "bidding.forms",
    [
        "ProjectForm",
        "DeliveryForm",
        "ReasonForm",
        "ProposalDecisionForm",
        "MessageForm",
        "QuestionFields",
    ],
)
ProposalForm, ProposalCreateForm, MilestoneFormSet = get_classes(
    "bidding_dashboard.forms",
    ["ProposalForm", "ProposalCreateForm", "MilestoneFormSet"],
)
sub_vendor_partners = get_class("bidding.access", "sub_vendor_partners")
staff_channels = get_class("bidding.messaging", "staff_channels")

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


def form_data(request, instance_values=None, partial=False, extra=None):
    """The request's fields for a form, as a browser posts them (a list is
    several values of one field): a PATCH keeps the instance's other values;
    ``extra`` adds fields."""
    data = MultiValueDict()

    def put(values):
        for key, value in values:
            data.setlist(key, value if isinstance(value, list) else [value])

    if partial and instance_values:
        put(instance_values.items())
    if hasattr(request.data, "lists"):  # multipart or form-encoded
        put(
            (key, values)
            for key, values in request.data.lists()
            if not hasattr(values[0], "read")
        )
    else:
        put(request.data.items())
    put((extra or {}).items())
    return data


def answer_data(answers):
    """JSON ``answers`` (``{"<question id>": value}``) as the project form's
    answer fields (``answer_<id>``); ``true``/``false`` as its yes and no."""
    if answers in (None, ""):
        return {}
    if not isinstance(answers, dict):
        raise ValidationError(
            {"answers": [_("Expected an object of answers by question id.")]}
        )
    prefix = QuestionFields.prefix
    data = {}
    for question, value in answers.items():
        if isinstance(value, bool):
            value = "yes" if value else "no"
        data[f"{prefix}{question}"] = "" if value is None else value
    return data


def project_form(request, instance=None, partial=False):
    """The storefront's ``ProjectForm`` bound to the request (files included):
    the project's fields, its type and the answers to the type's questions,
    its terms. A PATCH keeps what the form shows of the project."""
    initial = None
    if instance is not None and partial:
        initial = ProjectForm(instance=instance).initial
    answers = request.data.get("answers") if "answers" in request.data else None
    data = form_data(request, initial, partial, extra=answer_data(answers))
    return ProjectForm(data, request.FILES, instance=instance)


def boolean(request, name):
    """A yes/no of the request (``true``, ``"false"``, ``"1"``…) as a
    checkbox of the forms reads it."""
    return forms.BooleanField(required=False).clean(request.data.get(name))


def message_form(request, role):
    """The storefront's ``MessageForm`` bound to the request; staff choose
    the channel as in the dashboard, whose select starts on the first."""
    channels = staff_channels() if role == messaging.STAFF else None
    extra = {}
    if channels and request.data.get("channel") in (None, ""):
        extra["channel"] = channels[0]
    data = form_data(request, extra=extra)
    return MessageForm(data, request.FILES, channels=channels)


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
        "submit_proposal": data.get("submit") or "",
        "accept_terms": data.get("accept_terms") or "",
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
