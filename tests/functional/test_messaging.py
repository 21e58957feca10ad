"""Messaging and Files: a proposal's conversation between its customer and its
vendor (staff read it and post as the marketplace), the question a vendor asks
before proposing, the Files tab, unread counts, the throttled e-mail and the
"marketplace" mode of Project Communications."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from oscar.core.loading import get_class, get_model

from oscar_bidding import signals
from tests import factories
from tests.checkout import pay_milestone

Conversation = get_model("bidding", "Conversation")
Message = get_model("bidding", "Message")
MessageFile = get_model("bidding", "MessageFile")
OutboxMessage = get_model("bidding", "OutboxMessage")
CommunicationEventType = get_model("communication", "CommunicationEventType")
ConversationService = get_class("bidding.services.conversations", "ConversationService")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")


def url(name, obj, **query):
    path = reverse(name, kwargs={"pk": obj.pk})
    if query:
        path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return path


def text_file(name="notes.txt", content=b"Measurements attached."):
    return SimpleUploadedFile(name, content, content_type="text/plain")


def post(conversation_owner, user, role, body, **kwargs):
    service = ConversationService()
    conversation = service.get_or_create(*conversation_owner)
    return service.post(conversation, user, role, body, **kwargs)


def key(proposal):
    return proposal.project, proposal.partner


# Talking on a proposal ------------------------------------------------------


def test_customer_and_vendor_talk_on_the_proposal(
    login, customer, vendor, proposal, client
):
    login(customer)
    response = client.post(
        url("bidding:proposal-messages", proposal), {"body": "Can you start in May?"}
    )
    assert response.status_code == 302
    assert response.url == url("bidding:proposal-messages", proposal)

    login(vendor)
    page = client.get(url("bidding_dashboard:proposal-messages", proposal)).text
    assert "Can you start in May?" in page
    response = client.post(
        url("bidding_dashboard:proposal-messages", proposal),
        {"body": "Yes, from the 3rd.", "files": [text_file("plan.txt")]},
    )
    assert response.status_code == 302

    login(customer)
    page = client.get(url("bidding:proposal-messages", proposal)).text
    assert "Yes, from the 3rd." in page
    assert "plan.txt" in page
    conversation = Conversation.objects.get()
    assert conversation.proposal == proposal
    assert [m.role for m in conversation.messages.all()] == ["customer", "vendor"]


def test_proposal_details_has_the_three_tabs(login, customer, vendor, proposal):
    for client, page in (
        (login(customer), proposal.get_absolute_url()),
        (Client(), proposal.get_dashboard_url()),
    ):
        if page == proposal.get_dashboard_url():
            client.force_login(vendor)
        html = client.get(page).text
        assert 'class="nav nav-tabs' in html
        for label in ("Proposal Details", "Messaging", "Files"):
            assert label in html
    html = login(customer).get(proposal.get_absolute_url()).text
    assert url("bidding:proposal-messages", proposal) in html
    assert url("bidding:proposal-files", proposal) in html


def test_staff_read_the_conversation_and_post_as_the_marketplace(
    login, customer, vendor, staff, proposal
):
    post(key(proposal), customer, "customer", "Is the oven included?")
    client = login(staff)

    page = client.get(url("bidding_dashboard:proposal-messages", proposal)).text
    assert "Is the oven included?" in page
    client.post(
        url("bidding_dashboard:proposal-messages", proposal),
        {"body": "The marketplace confirms: it is.", "channel": "direct"},
    )

    message = Message.objects.get(role="staff")
    assert message.channel == Message.DIRECT
    page = login(customer).get(url("bidding:proposal-messages", proposal)).text
    assert "The marketplace confirms" in page
    assert "Marketplace" in page


# Asking before proposing ----------------------------------------------------


def test_a_question_before_proposing_becomes_the_proposals_conversation(
    login, customer, vendor, project
):
    client = login(vendor)
    detail = client.get(url("bidding_dashboard:project-detail", project)).text
    assert "Ask a question" in detail
    response = client.post(
        url("bidding_dashboard:project-messages", project),
        {"body": "Is the wall load-bearing?"},
    )
    assert response.status_code == 302
    conversation = Conversation.objects.get()
    assert conversation.proposal is None

    client = login(customer)
    listing = client.get(url("bidding:project-messages", project)).text
    assert vendor.partners.get().name in listing
    assert "unread-messages" in listing
    thread = url("bidding:conversation-detail", conversation)
    assert "Is the wall load-bearing?" in client.get(thread).text
    client.post(thread, {"body": "No, it is a partition."})

    proposal = factories.make_proposal(project, vendor)

    conversation.refresh_from_db()
    assert conversation.proposal == proposal
    assert Conversation.objects.count() == 1
    page = login(customer).get(url("bidding:proposal-messages", proposal)).text
    assert "Is the wall load-bearing?" in page
    assert "No, it is a partition." in page
    assert login(customer).get(thread).url == url("bidding:proposal-messages", proposal)


def test_a_vendor_cannot_ask_about_a_project_no_longer_open(
    login, vendor, customer, project
):
    conversation = ConversationService().get_or_create(project, vendor.partners.get())
    factories.ProjectService().cancel(project, user=customer)

    with pytest.raises(Exception, match="no longer open"):
        ConversationService().post(conversation, vendor, "vendor", "Still on?")

    assert not Message.objects.exists()


# Bad input ------------------------------------------------------------------


def test_an_empty_message_is_refused_and_nothing_is_saved(login, customer, proposal):
    client = login(customer)

    response = client.post(url("bidding:proposal-messages", proposal), {"body": "  "})

    assert response.status_code == 400
    assert "Write a message before sending it." in response.text
    assert not Message.objects.exists()
    assert not Conversation.objects.exists()


def test_a_disguised_file_is_refused_and_nothing_is_saved(login, customer, proposal):
    client = login(customer)
    program = SimpleUploadedFile(
        "invoice.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "application/pdf"
    )

    response = client.post(
        url("bidding:proposal-messages", proposal),
        {"body": "See attached", "files": [program]},
    )

    assert response.status_code == 400
    assert "not a file type we accept" in response.text
    assert not Message.objects.exists()
    assert not MessageFile.objects.exists()


def test_an_oversized_file_is_refused_and_nothing_is_saved(
    settings, login, customer, proposal
):
    settings.OSCAR_BIDDING_MAX_ATTACHMENT_SIZE = 10
    client = login(customer)

    response = client.post(
        url("bidding:proposal-messages", proposal),
        {"body": "See attached", "files": [text_file(content=b"x" * 11)]},
    )

    assert response.status_code == 400
    assert "is too large" in response.text
    assert not Message.objects.exists()


def test_too_many_files_are_refused(settings, login, customer, proposal):
    settings.OSCAR_BIDDING_MAX_MESSAGE_FILES = 1
    client = login(customer)

    response = client.post(
        url("bidding:proposal-messages", proposal),
        {"body": "Two files", "files": [text_file("a.txt"), text_file("b.txt")]},
    )

    assert response.status_code == 400
    assert "at most 1 file" in response.text
    assert not Message.objects.exists()


def test_posting_a_message_needs_the_csrf_token(customer, proposal):
    client = Client(enforce_csrf_checks=True)
    client.force_login(customer)

    response = client.post(
        url("bidding:proposal-messages", proposal), {"body": "Hello"}
    )

    assert response.status_code == 403
    assert not Message.objects.exists()


# Files ----------------------------------------------------------------------


def test_message_files_are_stored_under_random_names_and_served_as_downloads(
    login, customer, vendor, proposal
):
    message = post(
        key(proposal), vendor, "vendor", "Plan", files=[text_file("plan.txt")]
    )
    stored = message.files.get()

    assert "plan" not in stored.file.name
    assert stored.file.name.startswith("bidding/messages/")
    response = login(customer).get(stored.get_absolute_url())
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert "plan.txt" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"Measurements attached."


def test_the_files_tab_lists_every_file_of_the_project_with_who_and_when(
    login, customer, vendor, accepted_proposal
):
    first = accepted_proposal.milestones.get(number=1)
    pay_milestone(first, customer)
    MilestoneService().deliver(
        first, "Done", files=[text_file("handover.txt")], user=vendor
    )
    post(
        key(accepted_proposal),
        customer,
        "customer",
        "Photo",
        files=[text_file("photo.txt")],
    )

    for client, name in (
        (login(customer), "bidding:proposal-files"),
        (Client(), "bidding_dashboard:proposal-files"),
    ):
        if name.startswith("bidding_dashboard"):
            client.force_login(vendor)
        page = client.get(url(name, accepted_proposal)).text
        assert "handover.txt" in page
        assert "photo.txt" in page
        assert "Delivery of milestone 1" in page
        assert vendor.partners.get().name in page
        assert MessageFile.objects.get().get_absolute_url() in page


def test_the_files_tab_lists_the_project_attachments(login, customer, vendor):
    project = factories.make_project(customer, attachments=[text_file("brief.txt")])
    proposal = factories.make_proposal(project, vendor)

    page = login(customer).get(url("bidding:proposal-files", proposal)).text

    assert "brief.txt" in page
    assert "Project attachment" in page


def test_another_vendor_never_sees_the_conversation_or_its_files(
    login, customer, vendor, other_vendor, proposal
):
    message = post(key(proposal), customer, "customer", "Secret", files=[text_file()])
    client = login(other_vendor)

    for path in (
        url("bidding_dashboard:proposal-messages", proposal),
        url("bidding_dashboard:proposal-files", proposal),
        message.files.get().get_absolute_url(),
    ):
        assert client.get(path).status_code == 404
    own_question = client.get(
        url("bidding_dashboard:project-messages", proposal.project)
    ).text
    assert "Secret" not in own_question


# Unread counts --------------------------------------------------------------


def test_unread_messages_show_until_read_and_reading_clears_them_for_that_user(
    login, customer, vendor, proposal
):
    post(key(proposal), vendor, "vendor", "First")
    post(key(proposal), vendor, "vendor", "Second")
    client = login(customer)

    my_projects = client.get(reverse("bidding:project-list")).text
    assert 'class="badge badge-pill badge-danger unread-messages"' in my_projects
    assert ">2<" in my_projects
    details = client.get(proposal.get_absolute_url())
    assert details.context["proposal"].unread_messages == 2

    client.get(url("bidding:proposal-messages", proposal))

    assert (
        client.get(proposal.get_absolute_url()).context["proposal"].unread_messages == 0
    )
    assert "unread-messages" not in client.get(reverse("bidding:project-list")).text
    # The vendor's own messages are never unread for them.
    vendor_list = login(vendor).get(reverse("bidding_dashboard:proposal-list"))
    assert [p.unread_messages for p in vendor_list.context["proposals"]] == [0]


def test_manage_proposals_shows_the_vendors_unread_messages(
    login, customer, vendor, proposal
):
    post(key(proposal), customer, "customer", "Question")
    client = login(vendor)

    listing = client.get(reverse("bidding_dashboard:proposal-list"))
    assert [p.unread_messages for p in listing.context["proposals"]] == [1]
    assert "unread-messages" in listing.text
    tabs = client.get(proposal.get_dashboard_url())
    assert tabs.context["proposal"].unread_messages == 1

    client.get(url("bidding_dashboard:proposal-messages", proposal))

    listing = client.get(reverse("bidding_dashboard:proposal-list"))
    assert [p.unread_messages for p in listing.context["proposals"]] == [0]


# E-mail ---------------------------------------------------------------------


def test_a_new_message_emails_the_other_side_with_a_link_back(
    login,
    customer,
    vendor,
    proposal,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client = login(customer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("bidding:proposal-messages", proposal), {"body": "Hello?"})

    (mail,) = mailoutbox
    assert mail.to == [vendor.email]
    assert "New message" in mail.subject
    assert url("bidding_dashboard:proposal-messages", proposal) in mail.body
    assert "Hello?" in mail.body
    assert (
        OutboxMessage.objects.filter(event_code="BIDDING_MESSAGE_POSTED").count() == 1
    )


def test_the_event_type_is_registered_for_the_shop_to_edit():
    assert CommunicationEventType.objects.filter(code="BIDDING_MESSAGE_POSTED").exists()


def test_at_most_one_email_per_conversation_and_side_per_interval(
    settings, customer, vendor, proposal, mailoutbox, django_capture_on_commit_callbacks
):
    settings.OSCAR_BIDDING_MESSAGE_EMAIL_INTERVAL = 15
    start = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        with freeze_time(start):
            post(key(proposal), customer, "customer", "One")
        with freeze_time(start + timedelta(minutes=5)):
            post(key(proposal), customer, "customer", "Two")
            # The other side has its own interval.
            post(key(proposal), vendor, "vendor", "Reply")
        with freeze_time(start + timedelta(minutes=14, seconds=59)):
            post(key(proposal), customer, "customer", "Three")
        with freeze_time(start + timedelta(minutes=20)):
            post(key(proposal), customer, "customer", "Four")

    assert [(m.to, "Four" in m.body) for m in mailoutbox] == [
        ([vendor.email], False),
        ([customer.email], False),
        ([vendor.email], True),
    ]


def test_the_throttle_is_claimed_in_the_database(proposal):
    service = ConversationService()
    conversation = service.get_or_create(*key(proposal))
    now = timezone.now()

    assert service.claim_email(conversation, "vendor", now)
    # A second request that read the conversation before the first wrote it
    # still loses: the condition is evaluated by the UPDATE.
    assert not service.claim_email(conversation, "vendor", now)
    assert service.claim_email(conversation, "customer", now)
    assert service.claim_email(conversation, "vendor", now + timedelta(minutes=16))


# Signals --------------------------------------------------------------------


def test_message_posted_is_sent_after_commit(
    customer, proposal, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, instance, conversation, user, role, **kwargs):
        received.append((instance.body, user, role, list(instance.files.all())))

    signals.message_posted.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            post(key(proposal), customer, "customer", "Hi", files=[text_file()])
            assert received == []
        for callback in callbacks:
            callback()
    finally:
        signals.message_posted.disconnect(receiver)

    ((body, user, role, files),) = received
    assert (body, user, role) == ("Hi", customer, "customer")
    assert len(files) == 1


# Project Communications: marketplace ---------------------------------------


@pytest.fixture
def marketplace(settings):
    settings.OSCAR_BIDDING_PROJECT_COMMUNICATIONS = "marketplace"


def test_in_marketplace_mode_customer_and_vendor_never_see_each_other(
    marketplace,
    login,
    customer,
    vendor,
    staff,
    proposal,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        login(customer).post(
            url("bidding:proposal-messages", proposal), {"body": "From the customer"}
        )
        login(vendor).post(
            url("bidding_dashboard:proposal-messages", proposal),
            {"body": "From the vendor", "files": [text_file("quote.txt")]},
        )

    assert {m.to[0] for m in mailoutbox} == {staff.email}
    vendor_page = login(vendor).get(
        url("bidding_dashboard:proposal-messages", proposal)
    )
    assert "From the customer" not in vendor_page.text
    customer_page = login(customer).get(url("bidding:proposal-messages", proposal))
    assert "From the vendor" not in customer_page.text
    files = login(customer).get(url("bidding:proposal-files", proposal)).text
    assert "quote.txt" not in files
    file_url = MessageFile.objects.get().get_absolute_url()
    assert login(customer).get(file_url).status_code == 404

    staff_page = login(staff).get(url("bidding_dashboard:proposal-messages", proposal))
    assert "From the customer" in staff_page.text
    assert "From the vendor" in staff_page.text


def test_in_marketplace_mode_staff_relay_to_one_side(
    marketplace, login, customer, vendor, staff, proposal
):
    client = login(staff)
    page = client.get(url("bidding_dashboard:proposal-messages", proposal)).text
    assert 'name="channel"' in page

    client.post(
        url("bidding_dashboard:proposal-messages", proposal),
        {"body": "To the customer only", "channel": "customer"},
    )
    refused = client.post(
        url("bidding_dashboard:proposal-messages", proposal),
        {"body": "To both", "channel": "direct"},
    )

    assert refused.status_code == 400
    assert Message.objects.count() == 1
    customer_page = login(customer).get(url("bidding:proposal-messages", proposal))
    assert "To the customer only" in customer_page.text
    assert customer_page.context["proposal"].unread_messages == 0
    vendor_page = login(vendor).get(
        url("bidding_dashboard:proposal-messages", proposal)
    )
    assert "To the customer only" not in vendor_page.text


def test_in_marketplace_mode_unread_counts_ignore_the_other_sides_messages(
    marketplace, login, customer, vendor, proposal
):
    post(key(proposal), vendor, "vendor", "Hidden from the customer")

    listing = login(customer).get(reverse("bidding:project-list"))

    assert [p.unread_messages for p in listing.context["projects"]] == [0]


# Query counts ---------------------------------------------------------------


@pytest.mark.parametrize(
    "name,who",
    [
        ("bidding:proposal-messages", "customer"),
        ("bidding:proposal-files", "customer"),
        ("bidding_dashboard:proposal-messages", "vendor"),
        ("bidding_dashboard:proposal-files", "vendor"),
    ],
)
def test_tabs_read_as_many_queries_for_one_or_many_messages(
    django_assert_num_queries, customer, vendor, proposal, name, who
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    users = {"customer": customer, "vendor": vendor}
    client = Client()
    client.force_login(users[who])
    post(key(proposal), customer, "customer", "One", files=[text_file()])
    client.get(url(name, proposal))
    with CaptureQueriesContext(connection) as one:
        client.get(url(name, proposal))
    for n in range(10):
        post(key(proposal), vendor, "vendor", f"More {n}", files=[text_file()])
    client.get(url(name, proposal))
    with CaptureQueriesContext(connection) as many:
        client.get(url(name, proposal))

    assert len(one) == len(many)


# Admin, checks, narrow screens ---------------------------------------------


def test_staff_read_conversations_in_the_admin(login, staff, customer, proposal):
    post(key(proposal), customer, "customer", "On record")
    conversation = Conversation.objects.get()
    client = login(staff)

    listing = client.get(reverse("admin:bidding_conversation_changelist"))
    page = client.get(
        reverse("admin:bidding_conversation_change", args=[conversation.pk])
    )

    assert conversation in listing.context["cl"].result_list
    assert "On record" in page.text


@pytest.mark.parametrize(
    "name,value,error",
    [
        ("OSCAR_BIDDING_PROJECT_COMMUNICATIONS", "vendors", "oscar_bidding.E901"),
        ("OSCAR_BIDDING_MESSAGE_EMAIL_INTERVAL", -1, "oscar_bidding.E902"),
    ],
)
def test_a_wrong_messaging_setting_fails_the_system_check(settings, name, value, error):
    from oscar_bidding.checks.messaging import check_project_communications

    assert check_project_communications(None) == []
    setattr(settings, name, value)

    assert [e.id for e in check_project_communications(None)] == [error]


def test_the_messaging_pages_fit_a_phone(login, customer, vendor, accepted_proposal):
    from tests.functional.test_narrow_screens import unwrapped_tables

    first = accepted_proposal.milestones.get(number=1)
    pay_milestone(first, customer)
    MilestoneService().deliver(first, "Done", files=[text_file()], user=vendor)
    post(key(accepted_proposal), customer, "customer", "Hi", files=[text_file()])

    for user, names in (
        (customer, ("bidding:proposal-messages", "bidding:proposal-files")),
        (
            vendor,
            ("bidding_dashboard:proposal-messages", "bidding_dashboard:proposal-files"),
        ),
    ):
        client = login(user)
        for name in names:
            response = client.get(url(name, accepted_proposal))
            assert response.status_code == 200, name
            assert unwrapped_tables(response.text) == [], name
            # The tabs scroll sideways rather than wrap or widen the page.
            assert "nav nav-tabs mb-4 flex-nowrap overflow-auto" in response.text


def test_a_vendor_still_reads_their_question_once_the_project_is_cancelled(
    login, customer, vendor, project
):
    post((project, vendor.partners.get()), vendor, "vendor", "Which colour?")
    factories.ProjectService().cancel(project, user=customer)
    client = login(vendor)

    page = client.get(url("bidding_dashboard:project-messages", project))
    detail = client.get(url("bidding_dashboard:project-detail", project))

    assert page.status_code == 200
    assert "Which colour?" in page.text
    assert detail.status_code == 404 or 'name="body"' not in detail.text


def test_an_unsent_message_email_shows_its_recipients_to_staff(
    login, staff, customer, vendor, proposal
):
    post(key(proposal), customer, "customer", "Waiting in the outbox")

    page = login(staff).get(reverse("bidding_dashboard:outbox-list"))

    (row,) = [
        m
        for m in page.context["outbox_messages"]
        if m.event_code == "BIDDING_MESSAGE_POSTED"
    ]
    assert row.recipients == [vendor]


def test_a_refused_question_leaves_no_empty_conversation(customer, vendor, project):
    factories.ProjectService().cancel(project, user=customer)

    with pytest.raises(Exception, match="no longer open"):
        ConversationService().post_about(
            project, vendor.partners.get(), vendor, "vendor", "Still on?"
        )

    assert not Conversation.objects.exists()


def test_a_question_before_proposing_and_its_answer_land_in_each_sides_inbox(
    login, customer, vendor, project
):
    Notification = get_model("communication", "Notification")
    partner = vendor.partners.get()
    conversation = Conversation.objects.get(
        pk=ConversationService()
        .post_about(project, partner, vendor, "vendor", "Is the wall load-bearing?")
        .conversation_id
    )

    (to_customer,) = Notification.objects.filter(recipient=customer)
    assert to_customer.sender == vendor
    assert url("bidding:conversation-detail", conversation) in to_customer.subject

    ConversationService().post(conversation, customer, "customer", "No.")

    (to_vendor,) = Notification.objects.filter(recipient=vendor)
    assert to_vendor.sender == customer
    dashboard = conversation.get_dashboard_url()
    assert dashboard in to_vendor.subject
    assert login(vendor).get(dashboard).status_code == 200
