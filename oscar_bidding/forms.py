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
from oscar.core.loading import get_class, get_classes, get_model
from oscar.templatetags.currency_filters import currency as format_currency

from oscar_bidding.conf import currency as default_currency
from oscar_bidding.conf import setting

Category = get_model("catalogue", "Category")
Project = get_model("bidding", "Project")
ProjectAttachment = get_model("bidding", "ProjectAttachment")
ProjectQuestion = get_model("bidding", "ProjectQuestion")
TypeTree = get_class("bidding.project_types", "TypeTree")
decimals, quantize = get_classes("bidding.money", ["decimals", "quantize"])
Invitation = get_model("bidding", "Invitation")
type_partners = get_class("bidding.access", "type_partners")


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
        return quantize(value, self.get_currency())

    def get_currency(self):
        return self.currency or default_currency()

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        currency = self.get_currency()
        places = decimals(currency)
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


class SingleAttachmentField(AttachmentField):
    """One file, checked as project attachments are."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.ClearableFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = super().clean(data, initial)
        return files[0] if files else None


class QuestionFields:
    """The answer fields of a project type's questions, one per question,
    each validated by its kind; and the answers as they are stored."""

    prefix = "answer_"

    def __init__(self, questions, existing_answers=()):
        self.questions = list(questions)
        self.existing = {
            answer.question_id: answer
            for answer in existing_answers
            if answer.question_id is not None
        }

    def name(self, question):
        return f"{self.prefix}{question.pk}"

    def names(self):
        return [self.name(q) for q in self.questions]

    def fields(self):
        return [(self.name(q), self.field_for(q)) for q in self.questions]

    def field_for(self, question):
        builder = getattr(self, f"build_{question.kind}", self.build_short_text)
        field = builder(question)
        field.label = question.label
        field.help_text = question.help_text
        field.required = question.required
        if question.kind == ProjectQuestion.FILE and question.pk in self.existing:
            field.required = False  # the file already given is kept
            field.help_text = " ".join(
                filter(None, [question.help_text, str(_("Leave empty to keep it."))])
            )
        return field

    def build_short_text(self, question):
        return forms.CharField(max_length=255)

    def build_long_text(self, question):
        max_text = setting("OSCAR_BIDDING_MAX_TEXT_LENGTH")
        return forms.CharField(
            max_length=max_text, widget=forms.Textarea(attrs={"rows": 4})
        )

    def build_number(self, question):
        return forms.DecimalField(
            max_digits=20,
            decimal_places=6,
            widget=forms.NumberInput(attrs={"step": "any"}),
        )

    def build_date(self, question):
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        )

    def build_yes_no(self, question):
        return forms.ChoiceField(
            choices=[("yes", _("Yes")), ("no", _("No"))],
            widget=forms.RadioSelect,
        )

    def build_one_choice(self, question):
        return forms.ChoiceField(
            choices=[("", "---------")] + [(c, c) for c in question.choice_list]
        )

    def build_several_choices(self, question):
        return forms.MultipleChoiceField(
            choices=[(c, c) for c in question.choice_list],
            widget=forms.CheckboxSelectMultiple,
        )

    def build_file(self, question):
        field = SingleAttachmentField()
        field.widget.attrs["accept"] = ",".join(field.extensions())
        return field

    def initial(self):
        """The project's answers, as the fields show them."""
        initial = {}
        for question in self.questions:
            answer = self.existing.get(question.pk)
            if answer is None or question.kind == ProjectQuestion.FILE:
                continue
            value = answer.value
            if question.kind == ProjectQuestion.YES_NO:
                value = "yes" if value else "no"
            initial[self.name(question)] = value
        return initial

    def answers(self, cleaned_data):
        """``[{"question", "value", "file"}]`` of the questions answered; a file
        question left empty keeps the file given before (``"keep": True``)."""
        answers = []
        for question in self.questions:
            value = cleaned_data.get(self.name(question))
            answer = {"question": question, "value": None, "file": None}
            if question.kind == ProjectQuestion.FILE:
                if value:
                    answer["file"] = value
                elif question.pk in self.existing:
                    answer["keep"] = True
                else:
                    continue
            elif value in (None, "", []):
                continue
            elif question.kind == ProjectQuestion.YES_NO:
                answer["value"] = value == "yes"
            elif question.kind == ProjectQuestion.NUMBER:
                answer["value"] = str(value)
            elif question.kind == ProjectQuestion.DATE:
                answer["value"] = value.isoformat()
            else:
                answer["value"] = value
            answers.append(answer)
        return answers


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
    project_type = forms.TypedChoiceField(
        label=_("Project type"), coerce=int, required=False, empty_value=None
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
            "project_type",
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

    #: Builds one answer field per question of the chosen project type.
    question_fields_class = QuestionFields

    def __init__(self, *args, project_type=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_project_type(project_type)
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
        self._init_invitations()

    def _init_project_type(self, project_type):
        """The type's field, and the answer fields of the chosen type: the one
        posted, else ``project_type`` (``?type=``), else the project's own."""
        self.type_tree = TypeTree.load()
        field = self.fields["project_type"]
        field.choices = [("", _("Choose a project type"))] + self.type_tree.choices()
        # Required only once there is a type to choose.
        field.required = bool(self.type_tree.types) and setting(
            "OSCAR_BIDDING_PROJECT_TYPE_REQUIRED"
        )
        if self.is_bound:
            chosen = self.type_tree.get(self.data.get(self.add_prefix("project_type")))
        else:
            chosen = self.type_tree.get(project_type) or self.type_tree.get(
                self.instance.project_type_id
            )
            if chosen is not None:
                self.initial["project_type"] = chosen.pk
        self.chosen_type = chosen
        self.questions = self.type_tree.questions(chosen) if chosen else []
        self.question_fields = self.question_fields_class(
            self.questions,
            self.instance.answers.all() if self.instance.pk else (),
        )
        for name, answer_field in self.question_fields.fields():
            self.fields[name] = answer_field
        self.initial.update(self.question_fields.initial())

    def answer_fields(self):
        """The bound answer fields, in question order, for the template."""
        return [self[name] for name in self.question_fields.names()]

    def clean_project_type(self):
        pk = self.cleaned_data.get("project_type")
        return self.type_tree.get(pk) if pk is not None else None

    def answers(self):
        """The valid answers, as ``AnswerService.save`` takes them."""
        return self.question_fields.answers(self.cleaned_data)

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
        self.clean_invitations()
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
        fields = {name: self.cleaned_data[name] for name in self._meta.fields}
        fields["invite_only"] = self.invite_only()
        return fields

    # Who may bid: open or invite-only, and the vendors invited.

    OPEN = "open"
    INVITE_ONLY = "invite_only"

    def _init_invitations(self):
        """The open / invite-only choice (when the shop lets customers choose)
        and the vendors to invite, among those offering the chosen type, with
        the ones invited before left out."""
        self.invitations = (
            list(self.instance.invitations.select_related("partner"))
            if self.instance.pk
            else []
        )
        if setting("OSCAR_BIDDING_CUSTOMER_CHOOSES_AUDIENCE"):
            self.fields["audience"] = forms.ChoiceField(
                label=_("Who may bid"),
                choices=[
                    (self.OPEN, _("Open: every vendor offering this type of project")),
                    (self.INVITE_ONLY, _("Invite-only: only the vendors I invite")),
                ],
                widget=forms.RadioSelect,
                # Not posted (a client of an older form): the default applies.
                required=False,
            )
            self.initial.setdefault(
                "audience",
                self.INVITE_ONLY if self.default_invite_only() else self.OPEN,
            )
        self.fields["invitees"] = InviteeField(
            label=setting("OSCAR_BIDDING_INVITEE_TERM"),
            queryset=invitee_candidates(
                self.chosen_type,
                exclude=[i.partner_id for i in self.invitations],
                tree=self.type_tree,
            ),
            required=False,
            help_text=ngettext(
                "Tick up to %(count)d vendor offering this type of project: "
                "each is e-mailed an invitation.",
                "Tick up to %(count)d vendors offering this type of project: "
                "each is e-mailed an invitation.",
                setting("OSCAR_BIDDING_MAX_INVITES"),
            )
            % {"count": setting("OSCAR_BIDDING_MAX_INVITES")},
        )

    def default_invite_only(self):
        if self.instance.pk:
            return self.instance.invite_only
        return setting("OSCAR_BIDDING_INVITE_ONLY")

    def invite_only(self):
        """Whether the project is to be invite-only, as chosen (or the
        project's, or the shop's default, when the customer does not choose)."""
        chosen = getattr(self, "cleaned_data", {}).get("audience")
        if not chosen:
            return self.default_invite_only()
        return chosen == self.INVITE_ONLY

    def clean_invitations(self):
        invitees = list(self.cleaned_data.get("invitees") or [])
        if "invitees" in self.errors:
            return
        if self.invite_only() and not invitees and not self.invitations:
            self.add_error(
                "invitees",
                ValidationError(
                    _(
                        "Only invited vendors may bid on an invite-only "
                        "project: tick at least one vendor to invite."
                    ),
                    code="no_invitee",
                ),
            )
        error = invite_limit_error(self.invitations, invitees)
        if error is not None:
            self.add_error("invitees", error)

    def invitation_fields(self):
        """The vendors to invite, as keyword arguments of ``ProjectService``."""
        return {"invitees": list(self.cleaned_data.get("invitees") or [])}


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


class MessageForm(forms.Form):
    """A message of a conversation: text, and files checked as project
    attachments are. Staff also choose who reads it (``channels``)."""

    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={"required": _("Write a message before sending it.")},
    )
    files = AttachmentField(label=_("Files"), required=False)
    channel = forms.ChoiceField(
        label=_("Who reads it"),
        required=False,
        widget=forms.Select(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, channels=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].validators.append(
            MaxLengthValidator(setting("OSCAR_BIDDING_MAX_TEXT_LENGTH"))
        )
        field = self.fields["files"]
        field.widget.attrs["accept"] = ",".join(field.extensions())
        field.widget.attrs["class"] = "form-control-file"
        field.help_text = _("Up to %(count)s files of %(size)s each: %(types)s.") % {
            "count": setting("OSCAR_BIDDING_MAX_MESSAGE_FILES"),
            "size": filesizeformat(setting("OSCAR_BIDDING_MAX_ATTACHMENT_SIZE")),
            "types": ", ".join(field.extensions()),
        }
        if channels:
            Message = get_model("bidding", "Message")
            labels = dict(Message.CHANNEL_CHOICES)
            self.fields["channel"].choices = [(c, labels[c]) for c in channels]
            self.fields["channel"].required = True
            self.fields["channel"].initial = channels[0]
        else:
            del self.fields["channel"]

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        max_files = setting("OSCAR_BIDDING_MAX_MESSAGE_FILES")
        if len(files) > max_files:
            raise ValidationError(
                ngettext(
                    "A message can have at most %(count)d file.",
                    "A message can have at most %(count)d files.",
                    max_files,
                )
                % {"count": max_files}
            )
        return files


class ChangeRequestForm(ProposalDecisionForm):
    """ "Request changes": what the customer wants changed, and the revision
    they read."""

    reason = forms.CharField(
        label=_("What should the vendor change?"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].validators.append(
            MaxLengthValidator(setting("OSCAR_BIDDING_MAX_TEXT_LENGTH"))
        )


# Invitations --------------------------------------------------------------------


class InviteeField(forms.ModelMultipleChoiceField):
    """Vendors a customer may invite, as checkboxes; the template shows each
    one's description (``partner.bidding_profile``) beside its name."""

    widget = forms.CheckboxSelectMultiple
    default_error_messages = {
        "invalid_choice": _(
            "A vendor you ticked does not offer this type of project: choose "
            "among the vendors listed."
        ),
        "invalid_pk_value": _(
            "A vendor you ticked does not offer this type of project: choose "
            "among the vendors listed."
        ),
    }

    def label_from_instance(self, obj):
        return obj.name


def invitee_candidates(project_type, exclude=(), tree=None):
    """The partners that may be invited to a project of ``project_type``
    (those offering it or a type above it), with their descriptions, less
    ``exclude`` (pks of those invited already)."""
    return (
        type_partners(project_type, tree=tree)
        .exclude(pk__in=list(exclude))
        .select_related("bidding_profile")
        .order_by("name", "pk")
    )


def invite_limit_error(invitations, chosen):
    """The error if inviting ``chosen`` besides ``invitations`` (the
    project's) goes past ``OSCAR_BIDDING_MAX_INVITES``, else ``None``; a quote
    request's invitations do not count."""
    limit = setting("OSCAR_BIDDING_MAX_INVITES")
    invited = sum(1 for i in invitations if i.source == Invitation.CUSTOMER)
    if not chosen or invited + len(chosen) <= limit:
        return None
    if invited:
        message = ngettext(
            "You can invite at most %(limit)d vendor to a project, and "
            "%(invited)d are invited already: tick %(left)d at most.",
            "You can invite at most %(limit)d vendors to a project, and "
            "%(invited)d are invited already: tick %(left)d at most.",
            limit,
        )
    else:
        message = ngettext(
            "You can invite at most %(limit)d vendor to a project: you ticked "
            "%(chosen)d.",
            "You can invite at most %(limit)d vendors to a project: you ticked "
            "%(chosen)d.",
            limit,
        )
    return ValidationError(
        message
        % {
            "limit": limit,
            "invited": invited,
            "left": max(limit - invited, 0),
            "chosen": len(chosen),
        },
        code="too_many_invitees",
    )


class InviteForm(forms.Form):
    """Invite more vendors to an open project: those offering its type (or a
    type above it) not invited yet."""

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.invitations = list(project.invitations.select_related("partner"))
        self.fields["partners"] = InviteeField(
            label=setting("OSCAR_BIDDING_INVITEE_TERM"),
            queryset=invitee_candidates(
                project.project_type_id,
                exclude=[i.partner_id for i in self.invitations],
            ),
            error_messages={"required": _("Tick the vendors to invite.")},
        )

    def clean_partners(self):
        partners = list(self.cleaned_data["partners"])
        error = invite_limit_error(self.invitations, partners)
        if error is not None:
            raise error
        return partners
