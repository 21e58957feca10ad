"""Conversations through the API, as the Messaging pages have them: a
proposal's conversation (customer and vendor), the vendors' questions about a
customer's project, the question a vendor asks before proposing, and the
files of messages."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from tests import factories

Conversation = get_model("bidding", "Conversation")
ConversationRead = get_model("bidding", "ConversationRead")
Message = get_model("bidding", "Message")
MessageFile = get_model("bidding", "MessageFile")
ConversationService = get_class("bidding.services.conversations", "ConversationService")


def url(name, obj):
    return reverse(name, kwargs={"pk": obj.pk})


def text_file(name="notes.txt", content=b"Measurements attached."):
    return SimpleUploadedFile(name, content, content_type="text/plain")


def ask(project, vendor, body="Which wall?", **kwargs):
    """``vendor``'s question about ``project``, before proposing."""
    service = ConversationService()
    conversation = service.get_or_create(project, vendor.partners.get())
    return service.post(conversation, vendor, "vendor", body, **kwargs)


# A proposal's conversation ----------------------------------------------------------


def test_customer_posts_on_a_proposal_with_a_file_and_the_vendor_reads_it(
    api, customer, vendor, proposal
):
    api.force_authenticate(customer)

    response = api.post(
        url("bidding-api-proposals-messages", proposal),
        {"body": "Can you start in May?", "files": [text_file()]},
        format="multipart",
    )

    assert response.status_code == 201, response.json()
    message = Message.objects.get()
    assert message.role == "customer"
    assert message.conversation.proposal == proposal
    assert response.json()["body"] == "Can you start in May?"
    assert response.json()["is_mine"] is True
    assert response.json()["files"][0]["name"] == "notes.txt"

    api.force_authenticate(vendor)
    page = api.get(url("bidding-api-proposals-messages", proposal)).json()
    assert page["count"] == 1
    row = page["results"][0]
    assert row["sender"] == (customer.get_full_name() or "Customer")
    assert row["is_mine"] is False
    assert row["partner"]["id"] == proposal.partner_id
    download = api.get(row["files"][0]["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"Measurements attached."


def test_vendor_answers_and_reading_marks_the_messages_read(
    api, customer, vendor, proposal
):
    api.force_authenticate(vendor)
    response = api.post(
        url("bidding-api-proposals-messages", proposal),
        {"body": "Yes, from the 3rd."},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert Message.objects.get().role == "vendor"
    assert not ConversationRead.objects.filter(user=customer).exists()

    api.force_authenticate(customer)
    page = api.get(url("bidding-api-proposals-messages", proposal)).json()

    assert [m["sender"] for m in page["results"]] == [proposal.partner.name]
    read = ConversationRead.objects.get(user=customer)
    assert read.last_read_id == Message.objects.get().pk


def test_an_empty_message_is_refused_with_the_forms_message(api, customer, proposal):
    api.force_authenticate(customer)

    response = api.post(
        url("bidding-api-proposals-messages", proposal),
        {"body": "  ", "files": [text_file()]},
        format="multipart",
    )

    assert response.status_code == 400
    assert response.json() == {"body": ["Write a message before sending it."]}
    assert not Message.objects.exists()
    assert not MessageFile.objects.exists()
    assert not Conversation.objects.filter(messages__isnull=False).exists()


def test_a_file_of_a_refused_type_saves_nothing(api, customer, proposal):
    api.force_authenticate(customer)
    fake = SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")

    response = api.post(
        url("bidding-api-proposals-messages", proposal),
        {"body": "See the plan.", "files": [fake]},
        format="multipart",
    )

    assert response.status_code == 400
    assert "files" in response.json()
    assert not Message.objects.exists()


def test_too_many_files_are_refused(api, customer, proposal, settings):
    settings.OSCAR_BIDDING_MAX_MESSAGE_FILES = 1
    api.force_authenticate(customer)

    response = api.post(
        url("bidding-api-proposals-messages", proposal),
        {"body": "Two files.", "files": [text_file("a.txt"), text_file("b.txt")]},
        format="multipart",
    )

    assert response.status_code == 400
    assert response.json()["files"] == ["A message can have at most 1 file."]
    assert not Message.objects.exists()


def test_staff_choose_who_reads_and_a_wrong_channel_is_refused(
    api, staff, customer, proposal, settings
):
    settings.OSCAR_BIDDING_PROJECT_COMMUNICATIONS = "marketplace"
    api.force_authenticate(staff)
    messages_url = url("bidding-api-proposals-messages", proposal)

    refused = api.post(
        messages_url, {"body": "Hello", "channel": "direct"}, format="json"
    )
    assert refused.status_code == 400
    assert "channel" in refused.json()
    assert not Message.objects.exists()

    response = api.post(
        messages_url, {"body": "Hello", "channel": "vendor"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["sender"] == "Marketplace"

    # The customer does not read what staff wrote to the vendor.
    api.force_authenticate(customer)
    assert api.get(messages_url).json()["count"] == 0


def test_a_customer_never_reads_a_draft_proposals_conversation(
    api, customer, vendor, project
):
    draft = factories.make_proposal(project, vendor, submit=False)
    api.force_authenticate(customer)

    response = api.post(
        url("bidding-api-proposals-messages", draft), {"body": "Hi"}, format="json"
    )

    assert response.status_code == 404
    assert not Message.objects.exists()


def test_posting_can_be_switched_off_and_reading_stays(
    api, customer, proposal, settings
):
    settings.OSCAR_BIDDING_API_DISABLED_ENDPOINTS = ["proposals.post-message"]
    api.force_authenticate(customer)
    messages_url = url("bidding-api-proposals-messages", proposal)

    assert api.post(messages_url, {"body": "Hi"}, format="json").status_code == 404
    assert api.get(messages_url).status_code == 200
    assert not Message.objects.exists()


# Questions before proposing --------------------------------------------------------


def test_vendor_asks_about_an_open_project_and_the_customer_answers(
    api, customer, vendor, project
):
    api.force_authenticate(vendor)
    response = api.post(
        url("bidding-api-open-projects-messages", project),
        {"body": "Is the floor level?"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["proposal"] is None
    partner = vendor.partners.get()

    api.force_authenticate(customer)
    questions = api.get(url("bidding-api-projects-messages", project)).json()
    assert [m["body"] for m in questions["results"]] == ["Is the floor level?"]
    assert questions["results"][0]["partner"]["id"] == partner.pk

    answer = api.post(
        url("bidding-api-projects-messages", project),
        {"body": "It is.", "partner": partner.pk},
        format="json",
    )
    assert answer.status_code == 201, answer.json()

    api.force_authenticate(vendor)
    thread = api.get(url("bidding-api-open-projects-messages", project)).json()
    assert [m["body"] for m in thread["results"]] == ["Is the floor level?", "It is."]


def test_the_customer_answers_only_a_vendor_who_asked(
    api, customer, vendor, other_vendor, project
):
    ask(project, vendor)
    api.force_authenticate(customer)
    messages_url = url("bidding-api-projects-messages", project)

    missing = api.post(messages_url, {"body": "Hi"}, format="json")
    stranger = api.post(
        messages_url,
        {"body": "Hi", "partner": other_vendor.partners.get().pk},
        format="json",
    )

    assert missing.status_code == 400
    assert missing.json() == {"partner": ["This field is required."]}
    assert stranger.status_code == 404
    assert Message.objects.count() == 1


def test_the_customers_list_filters_by_vendor(
    api, customer, vendor, other_vendor, project
):
    ask(project, vendor, "First?")
    ask(project, other_vendor, "Second?")
    api.force_authenticate(customer)
    messages_url = url("bidding-api-projects-messages", project)

    assert api.get(messages_url).json()["count"] == 2
    only = api.get(messages_url, {"partner": other_vendor.partners.get().pk}).json()
    assert [m["body"] for m in only["results"]] == ["Second?"]
    assert api.get(messages_url, {"partner": "x"}).status_code == 400


def test_a_vendor_cannot_ask_about_a_closed_project(api, customer, vendor, project):
    factories.ProjectService().cancel(project, user=customer)
    api.force_authenticate(vendor)

    response = api.post(
        url("bidding-api-open-projects-messages", project),
        {"body": "Still open?"},
        format="json",
    )

    assert response.status_code == 404
    assert not Message.objects.exists()


def test_a_question_stays_readable_but_not_answerable_once_the_project_closes(
    api, customer, vendor, project
):
    ask(project, vendor)
    factories.ProjectService().cancel(project, user=customer)
    api.force_authenticate(vendor)
    messages_url = url("bidding-api-open-projects-messages", project)

    assert api.get(messages_url).json()["count"] == 1
    response = api.post(messages_url, {"body": "Again?"}, format="json")

    assert response.status_code == 409
    assert "no longer open" in response.json()["detail"]
    assert Message.objects.count() == 1


def test_staff_read_every_vendors_question_and_name_the_vendor_to_post(
    api, staff, vendor, other_vendor, project
):
    ask(project, vendor, "First?")
    ask(project, other_vendor, "Second?")
    api.force_authenticate(staff)
    messages_url = url("bidding-api-open-projects-messages", project)

    assert api.get(messages_url).json()["count"] == 2
    refused = api.post(messages_url, {"body": "Hello"}, format="json")
    assert refused.status_code == 400
    assert "partner" in refused.json()
    response = api.post(
        messages_url,
        {"body": "Hello", "partner": vendor.partners.get().pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["role"] == "staff"


# Message files -----------------------------------------------------------------------


def test_message_files_list_and_download_for_those_who_read_the_message(
    api, customer, vendor, other_vendor, project
):
    message = ask(project, vendor, files=[text_file("plan.txt", b"plan")])
    message_file = message.files.get()
    api.force_authenticate(customer)

    listed = api.get(reverse("bidding-api-message-files-list"), {"project": project.pk})
    detail = api.get(url("bidding-api-message-files-detail", message_file))
    download = api.get(url("bidding-api-message-files-download", message_file))

    assert [f["id"] for f in listed.json()["results"]] == [message_file.pk]
    assert detail.json()["message"] == message.pk
    assert detail.json()["download_url"].endswith(
        url("bidding-api-message-files-download", message_file)
    )
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == b"plan"

    api.force_authenticate(other_vendor)
    assert api.get(reverse("bidding-api-message-files-list")).json()["count"] == 0
    assert (
        api.get(url("bidding-api-message-files-download", message_file)).status_code
        == 404
    )
