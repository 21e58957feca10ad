"""The project form refuses bad input with a message that says what to fix."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from oscar.core.loading import get_class

from tests import factories

ProjectForm = get_class("bidding.forms", "ProjectForm")

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(16)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(16)
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(32)


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def valid_data(**overrides):
    data = {
        "title": "Garden shed",
        "description": "A timber shed, 3 m by 2 m.",
        "budget": "1200.50",
        "bidding_deadline": (timezone.localdate() + datetime.timedelta(days=10)),
    }
    data.update(overrides)
    return data


def make_form(files=(), instance=None, **overrides):
    return ProjectForm(
        data=valid_data(**overrides),
        files=MultiValueDict({"attachments": list(files)}),
        instance=instance,
    )


def errors_of(form, field):
    assert not form.is_valid()
    return " ".join(form.errors[field])


def test_valid_project_gives_the_service_its_fields():
    form = make_form(files=[upload("plan.pdf", PDF)])

    assert form.is_valid(), form.errors
    assert form.project_fields() == {
        "title": "Garden shed",
        "description": "A timber shed, 3 m by 2 m.",
        "category": None,
        "project_type": None,
        "budget": Decimal("1200.50"),
        "bidding_deadline": timezone.localdate() + datetime.timedelta(days=10),
        "terms": "",
        "invite_only": False,
    }


def test_budget_is_optional():
    form = make_form(budget="")

    assert form.is_valid(), form.errors
    assert form.cleaned_data["budget"] is None


def test_deadline_in_the_past_is_refused():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    assert "cannot be in the past" in errors_of(
        make_form(bidding_deadline=yesterday), "bidding_deadline"
    )


def test_deadline_today_is_accepted():
    assert make_form(bidding_deadline=timezone.localdate()).is_valid()


def test_negative_budget_is_refused():
    assert "cannot be negative" in errors_of(make_form(budget="-1"), "budget")


def test_budget_with_more_decimals_than_the_currency_is_refused():
    assert "at most 2 decimal places for GBP" in errors_of(
        make_form(budget="10.125"), "budget"
    )


def test_trailing_zeros_do_not_count_as_decimal_places():
    form = make_form(budget="10.100")

    assert form.is_valid(), form.errors
    assert str(form.cleaned_data["budget"]) == "10.10"


@override_settings(OSCAR_BIDDING_CURRENCY="JPY")
def test_currency_without_decimals_refuses_any():
    assert "at most 0 decimal places for JPY" in errors_of(
        make_form(budget="1000.5"), "budget"
    )


def test_budget_above_the_maximum_amount_is_refused():
    assert "cannot be more than £10,000,000.00" in errors_of(
        make_form(budget="1e15"), "budget"
    )


def test_title_longer_than_the_database_column_is_refused():
    assert "at most 255 characters" in errors_of(make_form(title="x" * 256), "title")


@override_settings(OSCAR_BIDDING_MAX_TEXT_LENGTH=50)
def test_description_longer_than_the_setting_is_refused():
    assert "at most 50 characters" in errors_of(
        make_form(description="x" * 51), "description"
    )


@override_settings(OSCAR_BIDDING_MAX_ATTACHMENT_SIZE=100)
def test_oversized_attachment_is_refused():
    big = upload("notes.txt", b"a" * 101)

    assert "“notes.txt” is too large" in errors_of(
        make_form(files=[big]), "attachments"
    )


def test_png_renamed_pdf_is_refused():
    message = errors_of(make_form(files=[upload("plan.pdf", PNG)]), "attachments")

    assert "The content of “plan.pdf” does not match its extension" in message
    assert ".png" in message


def test_executable_named_txt_is_refused():
    assert "“notes.txt” is not a file type we accept" in errors_of(
        make_form(files=[upload("notes.txt", ELF, "text/plain")]), "attachments"
    )


def test_text_that_is_not_utf8_is_refused():
    latin1 = upload("notes.txt", "Café crème".encode("latin-1"), "text/plain")

    assert "is not a file type we accept" in errors_of(
        make_form(files=[latin1]), "attachments"
    )


def test_every_bad_file_is_reported():
    files = [upload("a.pdf", PNG), upload("b.txt", ELF)]

    assert len(make_form(files=files).errors["attachments"]) == 2


@pytest.mark.parametrize(
    "name, content, detected",
    [
        ("plan.pdf", PDF, "application/pdf"),
        ("photo.PNG", PNG, "image/png"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        ("notes.txt", "Coût : 12 €\n".encode(), "text/plain"),
    ],
)
def test_attachment_type_is_read_from_the_content(name, content, detected):
    uploaded = upload(name, content, content_type="application/x-evil")
    form = make_form(files=[uploaded])

    assert form.is_valid(), form.errors
    assert form.cleaned_data["attachments"][0].content_type == detected


@override_settings(OSCAR_BIDDING_MAX_ATTACHMENTS=2)
def test_too_many_attachments_are_refused():
    files = [upload(f"{n}.txt", b"text") for n in range(3)]

    assert "at most 2 attachments" in errors_of(make_form(files=files), "attachments")


@override_settings(OSCAR_BIDDING_MAX_ATTACHMENTS=2)
def test_removed_attachments_make_room_for_new_ones(customer):
    project = factories.make_project(
        customer, attachments=[upload("a.txt", b"a"), upload("b.txt", b"b")]
    )
    new = [upload("c.txt", b"c")]

    assert "at most 2 attachments" in errors_of(
        make_form(files=new, instance=project), "attachments"
    )
    first = project.attachments.first()
    form = make_form(files=new, instance=project, remove_attachments=[first.pk])
    assert form.is_valid(), form.errors
    assert list(form.cleaned_data["remove_attachments"]) == [first]


def test_new_project_has_no_attachments_to_remove():
    assert "remove_attachments" not in make_form().fields
