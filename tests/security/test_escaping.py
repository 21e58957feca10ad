"""HTML and script typed by users are shown as text everywhere: in every page
that shows them, in the HTML of the e-mails and of the PDF invoice. The e-mails'
text parts and subjects, which no browser renders, show them as typed.

Every user text holds a script naming its field; each page must show the
escaped script of the fields it displays and no script at all. The attachment's
name is stored cleaned of markup: no page may show any of it either.
"""

from decimal import Decimal

import pytest
import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from oscar.core.loading import get_class, get_model

from tests import factories
from tests.checkout import fill_basket, place_order, walk_checkout

Order = get_model("order", "Order")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")
RefundService = get_class("bidding.services.refunds", "RefundService")
MilestoneSpec, ItemSpec = factories.MilestoneSpec, factories.ItemSpec

#: A file name as hostile as a browser may send; it is stored cleaned.
HOSTILE_FILE_NAME = '"><img src=x onerror=xss(1)>.txt'
#: What would run if any user text reached a page unescaped.
RAW = ("<script>xss(", "<img src=x")


def xss(field):
    return f'<script>xss("{field}")</script>'


FIELDS = [
    "title",
    "description",
    "cover_letter",
    "decline_reason",
    "milestone_title",
    "item_description",
    "partner_name",
    "customer_name",
    "refund_reason",
    "delivery_note",
]


def unescaped_fields(content, fields):
    """The fields not shown escaped in ``content``; fails on any raw markup."""
    for raw in RAW:
        assert raw not in content, content[content.index(raw) - 200 :][:400]
    return [field for field in fields if escape(xss(field)) not in content]


def check_pages(client, pages):
    """``pages``: (user, url, the fields the page shows); every page is read."""
    missing = {}
    for user, url, fields in pages:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if absent := unescaped_fields(response.content.decode(), fields):
            missing[url] = absent
    assert not missing


@pytest.fixture
def hostile(customer, vendor, other_vendor, django_capture_on_commit_callbacks):
    """Every user text of a project holds a script: the customer's name, the
    vendor's, the project, its attachment's name, the proposal and its
    milestones, and another vendor's reason for declining. A rival proposal
    waits, to be rejected. E-mails are sent."""
    with django_capture_on_commit_callbacks(execute=True):
        return make_hostile(customer, vendor, other_vendor)


def make_hostile(customer, vendor, other_vendor):
    customer.first_name, customer.last_name = xss("customer_name"), "Buyer"
    customer.save()
    partner = vendor.partners.get()
    partner.name = xss("partner_name")
    partner.save()
    project = factories.make_project(
        customer,
        title=xss("title"),
        description=xss("description"),
        attachments=[SimpleUploadedFile(HOSTILE_FILE_NAME, b"Notes", "text/plain")],
    )
    proposal = factories.ProposalService().create(
        project,
        partner,
        vendor,
        [
            MilestoneSpec(
                xss("milestone_title"),
                items=[
                    ItemSpec(xss("item_description"), 2, Decimal("50"), Decimal("0.2"))
                ],
            ),
            MilestoneSpec(
                xss("milestone_title"),
                items=[ItemSpec(xss("item_description"), 1, Decimal("10"))],
            ),
        ],
        submit=True,
        cover_letter=xss("cover_letter"),
    )
    factories.make_proposal(project, other_vendor)
    decliner = factories.make_vendor("vendor3@example.com", "Vendor Three")
    declined = factories.ProposalService().decline(
        project, decliner.partners.get(), decliner, xss("decline_reason")
    )
    return project, proposal, declined, decliner


@pytest.fixture
def paid(client, customer, hostile, django_capture_on_commit_callbacks):
    """The proposal accepted and its first milestone paid through the checkout;
    e-mails are sent."""
    _project, proposal, *_ = hostile
    with django_capture_on_commit_callbacks(execute=True):
        factories.ProposalService().accept(proposal)
        client.force_login(customer)
        fill_basket(client, customer, proposal.milestones.get(number=1))
        walk_checkout(client)
        assert place_order(client).status_code == 302
    return Order.objects.get(pk=client.session["checkout_order_id"])


def test_storefront_and_dashboard_pages_escape_user_text(
    client, customer, vendor, staff, hostile
):
    project, proposal, declined, decliner = hostile
    incident = factories.make_payment_to_reconcile(
        customer, list(proposal.milestones.all()), error=f"RuntimeError: {xss('title')}"
    )
    storefront = {"title", "partner_name"}
    items = {"milestone_title", "item_description"}
    dashboard_proposal = {"title", "partner_name", "cover_letter"} | items

    def url(name, **kwargs):
        return reverse(name, kwargs=kwargs)

    check_pages(
        client,
        [
            (customer, url("bidding:project-list"), {"title"}),
            (
                customer,
                url("bidding:project-detail", pk=project.pk),
                storefront | {"description", "decline_reason"},
            ),
            (
                customer,
                url("bidding:project-update", pk=project.pk),
                {"title", "description"},
            ),
            (customer, url("bidding:project-cancel", pk=project.pk), {"title"}),
            (
                customer,
                url("bidding:proposal-detail", pk=proposal.pk),
                storefront | {"cover_letter"} | items,
            ),
            (customer, url("bidding:proposal-accept", pk=proposal.pk), storefront),
            (customer, url("bidding:proposal-reject", pk=proposal.pk), storefront),
            (
                vendor,
                url("bidding_dashboard:project-list"),
                {"title", "customer_name", "partner_name"},
            ),
            (
                vendor,
                url("bidding_dashboard:project-detail", pk=project.pk),
                {"title", "description", "customer_name", "partner_name"},
            ),
            (vendor, url("bidding_dashboard:proposal-list"), {"title", "partner_name"}),
            (
                vendor,
                url("bidding_dashboard:proposal-detail", pk=proposal.pk),
                dashboard_proposal | {"customer_name"},
            ),
            (
                vendor,
                url("bidding_dashboard:proposal-update", pk=proposal.pk),
                {"title", "cover_letter"} | items,
            ),
            (
                vendor,
                url("bidding_dashboard:proposal-withdraw", pk=proposal.pk),
                {"title"},
            ),
            (
                decliner,
                url("bidding_dashboard:project-decline", project_pk=project.pk),
                {"title"},
            ),
            (
                decliner,
                url("bidding_dashboard:proposal-detail", pk=declined.pk),
                {"title", "decline_reason", "customer_name"},
            ),
            (
                staff,
                url("bidding_dashboard:incident-list"),
                {"title", "milestone_title"},
            ),
            (
                staff,
                url("bidding_dashboard:incident-detail", pk=incident.pk),
                {"title", "milestone_title"},
            ),
        ],
    )


def test_pay_basket_checkout_order_and_invoice_pages_escape_user_text(
    client, customer, vendor, staff, hostile
):
    _project, proposal, *_ = hostile
    factories.ProposalService().accept(proposal)
    milestone = proposal.milestones.get(number=1)
    items = {"milestone_title", "item_description"}
    pay_page = reverse("bidding:milestone-pay", kwargs={"pk": milestone.pk})
    check_pages(client, [(customer, pay_page, {"title", "milestone_title"})])

    fill_basket(client, customer, milestone)
    walk_checkout(client)
    check_pages(
        client,
        [
            (customer, reverse("basket:summary"), {"title"} | items),
            (customer, reverse("checkout:preview"), items),
        ],
    )

    assert place_order(client).status_code == 302
    order = Order.objects.get(pk=client.session["checkout_order_id"])
    invoice = order.bidding_invoice
    number = {"number": order.number}
    check_pages(
        client,
        [
            (
                customer,
                reverse("customer:order", kwargs={"order_number": order.number}),
                items,
            ),
            (
                customer,
                reverse("bidding:invoice-detail", kwargs={"number": invoice.number}),
                {"title", "partner_name", "customer_name"} | items,
            ),
            (
                customer,
                reverse("bidding:proposal-detail", kwargs={"pk": proposal.pk}),
                {"title", "partner_name"} | items,
            ),
            (vendor, reverse("dashboard:order-detail", kwargs=number), items),
            (
                vendor,
                reverse(
                    "bidding_dashboard:milestone-deliver", kwargs={"pk": milestone.pk}
                ),
                {"milestone_title"},
            ),
            (
                staff,
                reverse(
                    "bidding_dashboard:payment-refund",
                    kwargs={"pk": order.milestone_payments.get().pk},
                ),
                {"milestone_title"},
            ),
        ],
    )

    RefundService().refund_order(order, staff, xss("refund_reason"))
    check_pages(
        client,
        [
            (
                customer,
                reverse("bidding:proposal-detail", kwargs={"pk": proposal.pk}),
                {"refund_reason"},
            ),
            (
                vendor,
                reverse(
                    "bidding_dashboard:proposal-detail", kwargs={"pk": proposal.pk}
                ),
                {"refund_reason"},
            ),
        ],
    )


def test_pdf_invoice_html_escapes_user_text(client, customer, paid, monkeypatch):
    """What WeasyPrint is given is what the PDF view renders."""
    documents = []
    real_html = weasyprint.HTML

    def spy(*args, string, **kwargs):
        documents.append(string)
        return real_html(*args, string=string, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", spy)
    number = paid.bidding_invoice.number

    response = client.get(reverse("bidding:invoice-pdf", kwargs={"number": number}))

    assert response.status_code == 200
    (html,) = documents
    fields = [
        "title",
        "partner_name",
        "customer_name",
        "milestone_title",
        "item_description",
    ]
    assert unescaped_fields(html, fields) == []


#: What HTML escaping would leave in a text part or a subject.
ENTITIES = ("&lt;", "&gt;", "&quot;", "&#x27;", "&amp;")


def test_emails_escape_user_text_in_html_and_keep_text_parts_plain(
    hostile, paid, staff, mailoutbox, django_capture_on_commit_callbacks
):
    _project, proposal, *_ = hostile
    with django_capture_on_commit_callbacks(execute=True):
        factories.complete_milestone(
            proposal.milestones.get(number=1), note=xss("delivery_note")
        )
        RefundService().refund_order(paid, staff, xss("refund_reason"))

    # New project (2, each vendor), proposal received (2, the customer),
    # Oscar's order confirmation (the customer), accepted (the vendor),
    # rejected (the rival), milestone paid (the vendor), delivered (the
    # customer), approved (the vendor), refunded (both).
    assert len(mailoutbox) == 12
    for message in mailoutbox:
        (html, _mimetype), *_ = message.alternatives
        shown = [field for field in FIELDS if xss(field) in message.body]
        assert shown, message.subject
        assert unescaped_fields(html, shown) == [], message.subject
        for text in (message.subject, message.body):
            assert not any(entity in text for entity in ENTITIES), text
