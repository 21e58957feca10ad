"""Storefront forms: they parse and validate; the services change state."""

import codecs
from decimal import Decimal
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency as format_currency

from oscar_bidding import money
from oscar_bidding.conf import currency as default_currency
from oscar_bidding.conf import setting

Category = get_model("catalogue", "Category")
Project = get_model("bidding", "Project")
ProjectAttachment = get_model("bidding", "ProjectAttachment")


class MoneyField(forms.DecimalField):
    """An amount in ``currency``: not negative, with no more decimal places than
    the currency has, and at most ``OSCAR_BIDDING_MAX_AMOUNT``.

    The form sets ``currency`` once it knows it (from the project).
    """

    default_error_messages = {"min_value": _("An amount cannot be negative.")}

    def __init__(self, *, currency=None, **kwargs):
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("widget", forms.NumberInput(attrs={"step": "any"}))
        super().__init__(**kwargs)
        self.currency = currency

    def clean(self, value):
        """The amount rounded to the currency, once it is known to need no rounding."""
        value = super().clean(value)
        if value is None:
            return None
        return money.quantize(value, self.get_currency())

    def get_currency(self):
        return self.currency or default_currency()

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        currency = self.get_currency()
        places = money.decimals(currency)
        exponent = value.normalize().as_tuple().exponent
        if exponent < -places:
            raise ValidationError(
                ngettext(
                    "Enter at most %(places)d decimal place for %(currency)s.",
                    "Enter at most %(places)d decimal places for %(currency)s.",
                    places,
                )
                % {"places": places, "currency": currency},
                code="decimal_places",
            )
        maximum = setting("OSCAR_BIDDING_MAX_AMOUNT")
        if value > maximum:
            raise ValidationError(
                _("An amount cannot be more than %(maximum)s.")
                % {"maximum": format_currency(maximum, currency)},
                code="max_amount",
            )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, as Django's documentation shows it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return super().clean(None, initial) or []
        single_file_clean = super().clean
        if isinstance(data, list | tuple):
            return [single_file_clean(file, initial) for file in data]
        return [single_file_clean(data, initial)]


class AttachmentField(MultipleFileField):
    """Project attachments, checked by size and by content.

    The browser's file name and content type prove nothing: the type is read
    from the bytes (``signatures``, or UTF-8 text without NUL bytes for
    ``text/plain``), must be one of ``OSCAR_BIDDING_ATTACHMENT_TYPES`` and must
    match the extension. Each file's ``content_type`` is set to the detected one.
    """

    #: Leading bytes of the binary types we recognise; extend it for new types.
    signatures = {
        "application/pdf": (b"%PDF-",),
        "image/png": (b"\x89PNG\r\n\x1a\n",),
        "image/jpeg": (b"\xff\xd8\xff",),
    }
    text_type = "text/plain"

    def clean(self, data, initial=None):
        files = super().clean(data, initial)
        errors = []
        for uploaded in files:
            try:
                self.check_file(uploaded)
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return files

    def check_file(self, uploaded):
        max_size = setting("OSCAR_BIDDING_MAX_ATTACHMENT_SIZE")
        if uploaded.size > max_size:
            raise ValidationError(
                _("“%(name)s” is too large (%(size)s): the limit is %(max)s.")
                % {
                    "name": uploaded.name,
                    "size": filesizeformat(uploaded.size),
                    "max": filesizeformat(max_size),
                },
                code="file_too_large",
            )
        accepted = setting("OSCAR_BIDDING_ATTACHMENT_TYPES")
        content_type = self.detect_content_type(uploaded)
        if content_type not in accepted:
            raise ValidationError(
                _("“%(name)s” is not a file type we accept (accepted: %(types)s).")
                % {"name": uploaded.name, "types": ", ".join(self.extensions())},
                code="file_type",
            )
        extension = Path(uploaded.name).suffix.lower()
        if extension not in accepted[content_type]:
            raise ValidationError(
                _(
                    "The content of “%(name)s” does not match its extension: "
                    "it is a %(expected)s file."
                )
                % {"name": uploaded.name, "expected": accepted[content_type][0]},
                code="file_extension",
            )
        uploaded.content_type = content_type

    def detect_content_type(self, uploaded):
        uploaded.seek(0)
        head = uploaded.read(64)
        uploaded.seek(0)
        for content_type, signatures in self.signatures.items():
            if head.startswith(signatures):
                return content_type
        if self.is_text(uploaded):
            return self.text_type
        return None

    def is_text(self, uploaded):
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            for chunk in uploaded.chunks():
                if b"\x00" in chunk:
                    return False
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
        finally:
            uploaded.seek(0)
        return True

    def extensions(self):
        accepted = setting("OSCAR_BIDDING_ATTACHMENT_TYPES")
        return [ext for extensions in accepted.values() for ext in extensions]


class CategoryChoiceField(forms.ModelChoiceField):
    """Oscar's category tree, indented by depth: one query, not one per level."""

    def label_from_instance(self, obj):
        return "\xa0\xa0\xa0" * (obj.depth - 1) + obj.name


class AttachmentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({filesizeformat(obj.size)})"


class ProjectForm(forms.ModelForm):
    """Post or edit a project with its attachments; saving is the service's job."""

    budget = MoneyField(
        label=_("Budget"),
        required=False,
        help_text=_("Optional: leave it empty to let vendors propose a price."),
    )
    category = CategoryChoiceField(
        label=_("Category"),
        queryset=Category.objects.order_by("path"),
        required=False,
        empty_label=_("No category"),
    )
    attachments = AttachmentField(label=_("Attachments"), required=False)
    remove_attachments = AttachmentChoiceField(
        label=_("Remove attachments"),
        queryset=ProjectAttachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    #: The project's own terms as a file, checked as attachments are.
    terms_file = AttachmentField(
        label=_("Terms and conditions file"), required=False, widget=forms.FileInput
    )
    remove_terms_file = forms.BooleanField(
        label=_("Remove the terms and conditions file"), required=False
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "description",
            "category",
            "budget",
            "bidding_deadline",
            "terms",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "terms": forms.Textarea(attrs={"rows": 5}),
            "bidding_deadline": forms.DateInput(
                attrs={"type": "date"}, format="%Y-%m-%d"
            ),
        }
        help_texts = {
            "bidding_deadline": _("Vendors can send proposals until this day."),
            "terms": _(
                "Optional: terms a vendor must accept, besides the shop's, "
                "to send you a proposal."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        max_text = setting("OSCAR_BIDDING_MAX_TEXT_LENGTH")
        description = self.fields["description"]
        description.validators.append(MaxLengthValidator(max_text))
        description.widget.attrs["maxlength"] = max_text
        self.fields["terms"].validators.append(MaxLengthValidator(max_text))
        self.fields["budget"].currency = self.instance.currency
        self.fields["budget"].label = _("Budget (%(currency)s)") % {
            "currency": self.instance.currency
        }
        self.fields["bidding_deadline"].widget.attrs["min"] = (
            timezone.localdate().isoformat()
        )
        self._init_attachments()

    def _init_attachments(self):
        field = self.fields["attachments"]
        max_files = setting("OSCAR_BIDDING_MAX_ATTACHMENTS")
        field.widget.attrs["accept"] = ",".join(field.extensions())
        field.help_text = _(
            "Up to %(count)s files of %(size)s each: %(types)s. "
            "Files are checked by their content."
        ) % {
            "count": max_files,
            "size": filesizeformat(setting("OSCAR_BIDDING_MAX_ATTACHMENT_SIZE")),
            "types": ", ".join(field.extensions()),
        }
        if self.instance.pk:
            self.existing_attachments = list(self.instance.attachments.all())
            self.fields["remove_attachments"].queryset = self.instance.attachments.all()
        else:
            self.existing_attachments = []
        if not self.existing_attachments:
            del self.fields["remove_attachments"]
        terms_file = self.fields["terms_file"]
        terms_file.widget.attrs["accept"] = ",".join(terms_file.extensions())
        terms_file.help_text = _(
            "Optional: one file of up to %(size)s (%(types)s), checked by its content."
        ) % {
            "size": filesizeformat(setting("OSCAR_BIDDING_MAX_ATTACHMENT_SIZE")),
            "types": ", ".join(terms_file.extensions()),
        }
        if not self.instance.terms_file:
            del self.fields["remove_terms_file"]

    def clean_bidding_deadline(self):
        deadline = self.cleaned_data["bidding_deadline"]
        if deadline < timezone.localdate():
            raise ValidationError(
                _("The bidding deadline cannot be in the past."), code="past_deadline"
            )
        return deadline

    def clean(self):
        cleaned_data = super().clean()
        removed = cleaned_data.get("remove_attachments") or []
        added = cleaned_data.get("attachments") or []
        max_files = setting("OSCAR_BIDDING_MAX_ATTACHMENTS")
        if len(self.existing_attachments) - len(removed) + len(added) > max_files:
            self.add_error(
                "attachments",
                ValidationError(
                    ngettext(
                        "A project can have at most %(count)d attachment.",
                        "A project can have at most %(count)d attachments.",
                        max_files,
                    )
                    % {"count": max_files},
                    code="too_many_files",
                ),
            )
        return cleaned_data

    def clean_terms_file(self):
        files = self.cleaned_data.get("terms_file") or []
        if len(files) > 1:
            raise ValidationError(_("Choose one terms and conditions file."))
        return files[0] if files else None

    def terms_fields(self):
        """The terms file to store or remove, as keyword arguments of
        ``ProjectService.create`` and ``update``."""
        fields = {"terms_file": self.cleaned_data.get("terms_file")}
        if self.instance.pk:
            fields["remove_terms_file"] = self.cleaned_data.get(
                "remove_terms_file", False
            )
        return fields

    def project_fields(self):
        """The project's own fields, as keyword arguments of ``ProjectService``."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ProposalDecisionForm(forms.Form):
    """Accept or reject: carries the version of the proposal the customer read,
    so that the decision binds to what they saw."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ProjectSearchForm(forms.Form):
    """Search and status filter of My Projects, within the active or archived tab."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=255,
        widget=forms.TextInput(
            attrs={"placeholder": _("Search titles and descriptions")}
        ),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses"))] + [
            (value, label)
            for value, label in Project.STATUS_CHOICES
            if value in statuses
        ]

    def filter(self, queryset):
        """Narrow ``queryset`` by valid criteria; an invalid form filters nothing."""
        if not self.is_valid():
            return queryset
        query = self.cleaned_data["q"]
        if query:
            queryset = queryset.filter(
                Q(title__icontains=query) | Q(description__icontains=query)
            )
        if self.cleaned_data["status"]:
            queryset = queryset.filter(status=self.cleaned_data["status"])
        return queryset

    @property
    def is_searching(self):
        return self.is_bound and any(self.data.get(name) for name in ("q", "status"))


class DeliveryForm(forms.Form):
    """What the vendor delivered: a note for the customer and optional files,
    checked as project attachments are."""

    note = forms.CharField(
        label=_("Delivery note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you delivered, and where the customer finds it."),
    )
    files = AttachmentField(label=_("Files"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].validators.append(
            MaxLengthValidator(setting("OSCAR_BIDDING_MAX_TEXT_LENGTH"))
        )
        field = self.fields["files"]
        field.widget.attrs["accept"] = ",".join(field.extensions())
        field.help_text = _("Up to %(count)s files of %(size)s each: %(types)s.") % {
            "count": setting("OSCAR_BIDDING_MAX_DELIVERY_FILES"),
            "size": filesizeformat(setting("OSCAR_BIDDING_MAX_ATTACHMENT_SIZE")),
            "types": ", ".join(field.extensions()),
        }

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        max_files = setting("OSCAR_BIDDING_MAX_DELIVERY_FILES")
        if len(files) > max_files:
            raise ValidationError(
                ngettext(
                    "A delivery can have at most %(count)d file.",
                    "A delivery can have at most %(count)d files.",
                    max_files,
                )
                % {"count": max_files}
            )
        return files


class ReasonForm(forms.Form):
    """Why the customer asks for a revision or opens a dispute."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].validators.append(
            MaxLengthValidator(setting("OSCAR_BIDDING_MAX_TEXT_LENGTH"))
        )
