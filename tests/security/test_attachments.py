"""Project attachments: checked by their content, limited in number and size,
stored under names of our own and downloaded, never opened in the browser,
under a cleaned name.

Who may download them is the permission matrix's business
(``tests/functional/test_permission_matrix.py``).
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from oscar.core.loading import get_model

from tests import factories

Project = get_model("bidding", "Project")
ProjectAttachment = get_model("bidding", "ProjectAttachment")

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(16)
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(16)
HTML = b'<!DOCTYPE html><html><body><script>alert("xss")</script></body></html>'
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(16)


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def stored_files():
    return {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}


def post_project(client, *files, title="Kitchen refit"):
    return client.post(
        reverse("bidding:project-create"),
        {
            "title": title,
            "description": "See the plans.",
            "bidding_deadline": str(factories.IN_A_MONTH),
            "attachments": list(files),
        },
    )


@pytest.fixture
def customer_client(client, customer):
    client.force_login(customer)
    return client


def assert_refused(response, before, message):
    assert response.status_code == 200
    errors = response.context["form"].errors["attachments"]
    assert any(message in error for error in errors), errors
    assert not Project.objects.exists()
    assert not ProjectAttachment.objects.exists()
    assert stored_files() == before


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("plan.pdf", PNG, "does not match its extension"),
        ("plan.png", PDF, "does not match its extension"),
        ("notes.txt", PDF, "does not match its extension"),
        ("page.html", HTML, "does not match its extension"),
        ("drawing.png", SVG, "does not match its extension"),
        ("photo.jpg", PNG, "does not match its extension"),
        ("setup.pdf", WINDOWS_EXE, "is not a file type we accept"),
        ("notes.txt", b"text with a NUL\x00 byte", "is not a file type we accept"),
        ("notes.txt", "caf\u00e9".encode("latin-1"), "is not a file type we accept"),
    ],
)
def test_file_whose_content_is_not_what_its_name_says_is_refused_and_nothing_saved(
    customer_client, name, content, message
):
    before = stored_files()

    response = post_project(customer_client, upload(name, content))

    assert_refused(response, before, message)


def test_one_bad_file_refuses_the_whole_upload(customer_client):
    before = stored_files()

    response = post_project(
        customer_client, upload("notes.txt", b"Notes"), upload("plan.pdf", PNG)
    )

    assert_refused(response, before, "does not match its extension")


@override_settings(OSCAR_BIDDING_MAX_ATTACHMENT_SIZE=1024)
def test_file_over_the_size_limit_is_refused_and_nothing_saved(customer_client):
    before = stored_files()

    response = post_project(customer_client, upload("notes.txt", b"x" * 1025))

    assert_refused(response, before, "is too large")


@override_settings(OSCAR_BIDDING_MAX_ATTACHMENT_SIZE=1024)
def test_file_at_the_size_limit_is_accepted(customer_client):
    response = post_project(customer_client, upload("notes.txt", b"x" * 1024))

    assert response.status_code == 302
    assert ProjectAttachment.objects.get().size == 1024


@override_settings(OSCAR_BIDDING_MAX_ATTACHMENTS=2)
def test_more_files_than_allowed_are_refused_and_nothing_saved(customer_client):
    before = stored_files()

    response = post_project(
        customer_client, *[upload(f"notes{n}.txt", b"Notes") for n in range(3)]
    )

    assert_refused(response, before, "at most 2 attachments")


def test_refused_file_leaves_an_edited_project_as_it_was(customer_client, project):
    before = stored_files()

    response = customer_client.post(
        reverse("bidding:project-update", kwargs={"pk": project.pk}),
        {
            "title": "Changed",
            "description": "Changed",
            "bidding_deadline": str(factories.IN_A_MONTH),
            "attachments": [upload("plan.pdf", PNG)],
        },
    )

    assert response.status_code == 200
    project.refresh_from_db()
    assert project.title == "Kitchen refit"
    assert not project.attachments.exists()
    assert stored_files() == before


def download(client, user, attachment):
    client.force_login(user)
    response = client.get(
        reverse("bidding:attachment-download", kwargs={"pk": attachment.pk})
    )
    assert response.status_code == 200
    return response


def test_html_named_txt_is_downloaded_as_plain_text_never_rendered(
    customer_client, customer, vendor
):
    post_project(customer_client, upload("notes.txt", HTML))
    attachment = ProjectAttachment.objects.get()
    assert attachment.content_type == "text/plain"

    for user in (customer, vendor):
        response = download(customer_client, user, attachment)

        assert response["Content-Type"] == "text/plain"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"] == 'attachment; filename="notes.txt"'
        assert b"".join(response.streaming_content) == HTML


@pytest.mark.parametrize(
    "name,content,content_type",
    [
        ("plan.pdf", PDF, "application/pdf"),
        ("photo.png", PNG, "image/png"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        ("notes.txt", b"Notes", "text/plain"),
    ],
)
def test_every_accepted_type_is_downloaded_never_opened_inline(
    customer_client, customer, name, content, content_type
):
    post_project(customer_client, upload(name, content))

    response = download(customer_client, customer, ProjectAttachment.objects.get())

    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")


def assert_stored_safely(attachment):
    """Stored under a random name of ours, inside the media folder."""
    path = Path(attachment.file.path).resolve()
    assert path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert re.fullmatch(r"bidding/attachments/[0-9a-f]{32}\.txt", attachment.file.name)


@pytest.mark.parametrize(
    "name,stored_name",
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\win.ini.txt", "win.ini.txt"),
        ("/etc/cron.d/job.txt", "job.txt"),
        ('evil"; filename="page.html.txt', "page.html.txt"),
        ("Plan für die Küche 設計.txt", "Plan_für_die_Küche_設計.txt"),
        ("invoice\u202etxt.exe.txt", "invoicetxt.exe.txt"),
        ("<img src=x onerror=alert(1)>.txt", "img_srcx_onerroralert1.txt"),
    ],
)
def test_file_name_is_cleaned_and_never_chooses_where_the_file_goes(
    customer_client, customer, name, stored_name
):
    before = stored_files()

    response = post_project(customer_client, upload(name, b"Notes"))

    assert response.status_code == 302
    attachment = ProjectAttachment.objects.get()
    assert attachment.name == stored_name
    assert_stored_safely(attachment)
    assert stored_files() - before == {Path(attachment.file.path)}
    disposition = download(customer_client, customer, attachment)["Content-Disposition"]
    assert disposition.isascii() and disposition.isprintable()
    assert disposition.count("filename") == 1


def test_path_in_a_file_name_given_to_the_service_is_dropped(customer):
    """The same rule holds for code that calls the service directly, with a
    file whose name nothing cleaned (Django cleans those it receives)."""
    uploaded = SimpleUploadedFile("notes.txt", b"Notes", content_type="text/plain")
    uploaded._name = "../../../etc/notes.txt"

    project = factories.make_project(customer, attachments=[uploaded])

    attachment = project.attachments.get()
    assert attachment.name == "notes.txt"
    assert_stored_safely(attachment)


def test_very_long_file_name_is_shortened_keeping_its_extension(
    customer_client, customer
):
    response = post_project(customer_client, upload("a" * 400 + ".txt", b"Notes"))

    assert response.status_code == 302
    attachment = ProjectAttachment.objects.get()
    assert len(attachment.name) <= 255
    assert attachment.name.endswith("aaa.txt")
    assert_stored_safely(attachment)
    disposition = download(customer_client, customer, attachment)["Content-Disposition"]
    assert disposition == f'attachment; filename="{attachment.name}"'
