"""Every URL of the package, for every kind of visitor, GET and POST.

Only the roles listed for a URL reach it; a logged-in visitor who may not see an
object gets a 404 (a 403 from Oscar's dashboard decorator for users without
dashboard access, and for vendors on staff-only pages); anonymous visitors are
sent to a login page. A refused POST changes nothing. A URL that is missing
from ``MATRIX`` fails the test.
"""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_product

from tests import factories
from tests.checkout import pay_milestone

Basket = get_model("basket", "Basket")
Milestone = get_model("bidding", "Milestone")
OutboxMessage = get_model("bidding", "OutboxMessage")
ProjectType = get_model("bidding", "ProjectType")
ProjectQuestion = get_model("bidding", "ProjectQuestion")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")
RateService = get_class("bidding.services.rates", "RateService")
ConversationService = get_class("bidding.services.conversations", "ConversationService")
InvitationService = get_class("bidding.services.invitations", "InvitationService")
MilestonePaymentService = get_class(
    "bidding.services.payments", "MilestonePaymentService"
)

ROLES = ["anonymous", "customer", "other_customer", "vendor", "other_vendor", "staff"]
LOGGED_IN = set(ROLES) - {"anonymous"}
VENDORS = {"vendor", "other_vendor", "staff"}
INVOICE_READERS = {"customer", "vendor", "staff"}

#: url name -> (the object its kwargs point at, the roles that may reach it)
MATRIX = {
    "bidding:project-list": (None, LOGGED_IN),
    "bidding:project-create": (None, LOGGED_IN),
    "bidding:project-detail": ("project", {"customer"}),
    "bidding:project-update": ("project", {"customer"}),
    "bidding:project-cancel": ("project", {"customer"}),
    "bidding:project-complete": ("project", {"customer"}),
    "bidding:attachment-download": ("attachment", {"customer"} | VENDORS),
    "bidding:proposal-detail": ("proposal", {"customer"}),
    "bidding:proposal-accept": ("proposal", {"customer"}),
    "bidding:proposal-reject": ("proposal", {"customer"}),
    "bidding:proposal-request-changes": ("proposal", {"customer"}),
    "bidding:proposal-revisions": ("proposal", {"customer"}),
    "bidding:milestone-pay": ("ready_milestone", {"customer"}),
    # Every logged-in user has a basket of their own, and acts only on it.
    "bidding:basket-replace": ("product", LOGGED_IN),
    "bidding:basket-release": (None, LOGGED_IN),
    "bidding:invoice-detail": ("invoice", INVOICE_READERS),
    "bidding:invoice-pdf": ("invoice", INVOICE_READERS),
    "bidding_dashboard:project-list": (None, VENDORS),
    "bidding_dashboard:project-detail": ("open_project", VENDORS),
    "bidding_dashboard:proposal-create": ("open_project", VENDORS),
    "bidding_dashboard:project-decline": ("open_project", VENDORS),
    "bidding_dashboard:proposal-list": (None, VENDORS),
    "bidding_dashboard:proposal-detail": ("proposal", {"vendor", "staff"}),
    "bidding_dashboard:proposal-update": ("proposal", {"vendor", "staff"}),
    "bidding_dashboard:proposal-submit": ("proposal", {"vendor", "staff"}),
    "bidding_dashboard:proposal-withdraw": ("proposal", {"vendor", "staff"}),
    "bidding_dashboard:proposal-delete": ("proposal", {"vendor", "staff"}),
    "bidding_dashboard:proposal-revisions": ("proposal", {"vendor", "staff"}),
    "bidding_dashboard:milestone-ready": ("pending_milestone", {"vendor", "staff"}),
    "bidding_dashboard:milestone-deliver": ("delivered_milestone", {"vendor", "staff"}),
    "bidding:milestone-approve": ("delivered_milestone", {"customer"}),
    "bidding:milestone-request-revision": ("delivered_milestone", {"customer"}),
    "bidding:milestone-dispute": ("delivered_milestone", {"customer"}),
    "bidding:delivery-file": ("delivery_file", {"customer", "vendor", "staff"}),
    "bidding_dashboard:rate-list": (None, VENDORS),
    "bidding_dashboard:rate-create": (None, VENDORS),
    "bidding_dashboard:rate-update": ("rate", {"vendor", "staff"}),
    "bidding_dashboard:rate-delete": ("rate", {"vendor", "staff"}),
    "bidding_dashboard:invoice-detail": ("invoice", {"vendor", "staff"}),
    "bidding_dashboard:assigned-milestone-list": (None, VENDORS),
    # Given by ``vendor`` to a sub-vendor none of the roles works for.
    "bidding_dashboard:assigned-milestone-detail": (
        "assigned_milestone",
        {"vendor", "staff"},
    ),
    "bidding_dashboard:payment-refund": ("payment", {"staff"}),
    "bidding_dashboard:incident-list": (None, {"staff"}),
    "bidding_dashboard:incident-detail": ("incident", {"staff"}),
    "bidding_dashboard:outbox-list": (None, {"staff"}),
    "bidding_dashboard:outbox-retry": ("outbox_message", {"staff"}),
    "bidding_dashboard:dispute-list": (None, {"staff"}),
    "bidding_dashboard:dispute-detail": ("disputed_milestone", {"staff"}),
    "bidding_dashboard:dispute-approve": ("disputed_milestone", {"staff"}),
    "bidding_dashboard:dispute-refund": ("disputed_milestone", {"staff"}),
    "bidding:proposal-messages": ("proposal", {"customer"}),
    "bidding:proposal-files": ("proposal", {"customer"}),
    "bidding:project-messages": ("project", {"customer"}),
    # The open project's pre-proposal question of ``vendor``.
    "bidding:conversation-detail": ("conversation", {"customer"}),
    "bidding:message-file": ("message_file", {"customer", "vendor", "staff"}),
    "bidding_dashboard:proposal-messages": ("proposal", {"vendor", "staff"}),
    "bidding_dashboard:proposal-files": ("proposal", {"vendor", "staff"}),
    # Every vendor may ask about an open project; staff see its conversations.
    "bidding_dashboard:project-messages": ("open_project", VENDORS),
    "bidding:answer-file": ("answer_file", {"customer"} | VENDORS),
    "bidding_dashboard:project-type-list": (None, {"staff"}),
    "bidding_dashboard:project-type-create": (None, {"staff"}),
    "bidding_dashboard:project-type-update": ("project_type", {"staff"}),
    "bidding_dashboard:project-type-delete": ("project_type", {"staff"}),
    "bidding_dashboard:offering-list": (None, VENDORS),
    "bidding_dashboard:offering-update": ("partner", {"vendor", "staff"}),
    "bidding:proposal-compare": ("project", {"customer"}),
    # An open project: every vendor may read its terms before bidding.
    "bidding:project-terms-file": ("open_project", {"customer"} | VENDORS),
    "bidding:proposal-terms-file": ("terms_proposal", {"customer", "vendor", "staff"}),
    # Quote requests: each logged-in user has a quote list of their own.
    "bidding:quote-add": ("quotable_product", LOGGED_IN),
    "bidding:quote-list": (None, LOGGED_IN),
    "bidding:quote-submit": (None, LOGGED_IN),
    "bidding_dashboard:quotable-class-list": (None, {"staff"}),
    "bidding:project-invite": ("open_project", {"customer"}),
}

#: The project's pages again, for an invite-only project of a type both
#: vendors offer, ``vendor`` invited: ``other_vendor`` finds nothing (404).
INVITED = {"vendor", "staff"}
INVITE_ONLY_MATRIX = {
    "bidding:project-detail": ("secret_project", {"customer"}),
    "bidding:project-invite": ("secret_project", {"customer"}),
    "bidding:attachment-download": ("secret_attachment", {"customer"} | INVITED),
    "bidding:answer-file": ("secret_answer_file", {"customer"} | INVITED),
    "bidding:project-terms-file": ("secret_project", {"customer"} | INVITED),
    "bidding_dashboard:project-detail": ("secret_project", INVITED),
    "bidding_dashboard:proposal-create": ("secret_project", INVITED),
    "bidding_dashboard:project-decline": ("secret_project", INVITED),
    "bidding_dashboard:project-messages": ("secret_project", INVITED),
}

#: Dashboard pages for staff only: Oscar's decorator refuses vendors too (403).
STAFF_ONLY = {
    "bidding_dashboard:payment-refund",
    "bidding_dashboard:incident-list",
    "bidding_dashboard:incident-detail",
    "bidding_dashboard:outbox-list",
    "bidding_dashboard:outbox-retry",
    "bidding_dashboard:dispute-list",
    "bidding_dashboard:dispute-detail",
    "bidding_dashboard:dispute-approve",
    "bidding_dashboard:dispute-refund",
    "bidding_dashboard:project-type-list",
    "bidding_dashboard:project-type-create",
    "bidding_dashboard:project-type-update",
    "bidding_dashboard:project-type-delete",
    "bidding_dashboard:quotable-class-list",
}


@pytest.mark.parametrize("name", sorted(n for n in STAFF_ONLY if n.endswith("-list")))
def test_staff_only_pages_are_in_the_menu_of_staff_only(client, staff, vendor, name):
    link = f'href="{reverse(name)}"'
    client.force_login(staff)
    assert link in client.get(reverse("dashboard:index")).text

    client.force_login(vendor)
    html = client.get(reverse("dashboard:index")).text
    assert "Manage Proposals" in html
    assert link not in html


def package_url_names():
    names = set()
    for label in ("bidding", "bidding_dashboard"):
        config = apps.get_app_config(label)
        names |= {f"{config.namespace}:{p.name}" for p in config.urls[0]}
    return names


def test_every_url_of_the_package_is_in_the_matrix():
    assert package_url_names() == set(MATRIX)


class Targets(dict):
    """The objects the URLs point at, each made on first use, so that a test
    pays only for the one it visits: ``targets["invoice"]``."""

    def __init__(self, users):
        super().__init__()
        self.users = users

    def __missing__(self, key):
        self.update(BUILDERS[key](self, **self.users))
        return self[key]


def project_targets(targets, customer, vendor, **users):
    """A project of ``customer`` with an attachment and a proposal of
    ``vendor`` (its submission's e-mail still unsent)."""
    spec = SimpleUploadedFile("spec.txt", b"spec", content_type="text/plain")
    project = factories.make_project(customer, attachments=[spec])
    proposal = factories.make_proposal(project, vendor)
    return {
        "project": project,
        "proposal": proposal,
        "milestone": proposal.milestones.first(),
        "attachment": project.attachments.get(),
        "outbox_message": OutboxMessage.objects.filter(
            context__proposal_id=proposal.pk
        ).first(),
    }


def open_project(targets, customer, **users):
    """Nobody answered it yet; it has its customer's terms file."""
    terms = SimpleUploadedFile("terms.txt", b"terms", content_type="text/plain")
    project = factories.make_project(customer, title="Garden shed", terms_file=terms)
    return {"open_project": project}


def paid_targets(targets, customer, vendor, **users):
    """An awarded project whose milestone 1 is paid (its invoice) and
    completed, and milestone 2 ready to pay, taken for by a payment whose order
    was not placed (to reconcile)."""
    awarded = factories.ProposalService().accept(
        factories.make_proposal(factories.make_project(customer, title="Bath"), vendor)
    )
    paid, ready = awarded.milestones.order_by("number")
    order = pay_milestone(paid, customer)
    factories.complete_milestone(paid)
    MilestoneService().mark_ready(ready)
    basket = Basket.objects.create()
    MilestonePaymentService().fill_basket(basket, ready, customer)
    return {
        "ready_milestone": ready,
        "invoice": order.bidding_invoice,
        "payment": order.milestone_payments.get(),
        "incident": factories.make_payment_to_reconcile(customer, [ready], basket),
    }


def delivered_targets(targets, customer, vendor, **users):
    """A project whose milestone 1 is delivered with a file, milestone 2
    pending."""
    delivered, pending = (
        factories.ProposalService()
        .accept(
            factories.make_proposal(
                factories.make_project(customer, title="Cellar"), vendor
            )
        )
        .milestones.order_by("number")
    )
    pay_milestone(delivered, customer)
    report = SimpleUploadedFile("report.txt", b"report", content_type="text/plain")
    MilestoneService().deliver(delivered, "Done", files=[report], user=vendor)
    return {
        "delivered_milestone": delivered,
        "pending_milestone": pending,
        "delivery_file": delivered.deliveries.get().files.get(),
    }


@pytest.fixture
def world(customer, other_customer, vendor, other_vendor, staff):
    """The users, and the objects the URLs point at (:class:`Targets`)."""
    users = {
        "customer": customer,
        "other_customer": other_customer,
        "vendor": vendor,
        "other_vendor": other_vendor,
        "staff": staff,
    }
    return users, Targets(users)


def typed_project(targets, customer, vendor, other_vendor, **users):
    """A project type both vendors offer, with a file question, and an open
    project answering it."""
    project_type = ProjectType.objects.create(name="Renovation")
    project_type.partners.add(vendor.partners.get(), other_vendor.partners.get())
    question = ProjectQuestion.objects.create(
        project_type=project_type, label="Floor plan", kind=ProjectQuestion.FILE
    )
    plan = SimpleUploadedFile("plan.txt", b"plan", content_type="text/plain")
    project = factories.make_project(
        customer,
        title="Loft",
        project_type=project_type,
        answers=[{"question": question, "value": None, "file": plan}],
    )
    return {"project_type": project_type, "answer_file": project.answers.get()}


def invite_only_targets(targets, customer, vendor, other_vendor, **users):
    """An invite-only project of a type both vendors offer, with an
    attachment, a file answer and a terms file; ``vendor`` is invited."""
    joinery = ProjectType.objects.create(name="Joinery")
    joinery.partners.add(vendor.partners.get(), other_vendor.partners.get())
    question = ProjectQuestion.objects.create(
        project_type=joinery, label="Drawing", kind=ProjectQuestion.FILE
    )

    def upload(name):
        return SimpleUploadedFile(name, b"data", content_type="text/plain")

    project = factories.make_project(
        customer,
        title="Staircase",
        project_type=joinery,
        invite_only=True,
        attachments=[upload("spec.txt")],
        terms_file=upload("terms.txt"),
        answers=[{"question": question, "value": None, "file": upload("plan.txt")}],
    )
    InvitationService().invite(project, [vendor.partners.get()], customer)
    return {
        "secret_project": project,
        "secret_attachment": project.attachments.get(),
        "secret_answer_file": project.answers.get(),
    }


def assigned_milestone(targets, customer, vendor, **users):
    """A milestone of ``vendor``'s proposal given to a sub-vendor."""
    crew = factories.make_vendor("crew@example.com", "Tiling Crew").partners.get()
    specs = factories.milestone_specs(milestones=1)
    specs[0].sub_vendor = crew
    proposal = factories.ProposalService().create(
        factories.make_project(customer, title="Tiles"),
        vendor.partners.get(),
        vendor,
        specs,
    )
    return {"assigned_milestone": proposal.milestones.get()}


def disputed_milestone(targets, customer, vendor, **users):
    """Milestone 1 of another project of ``customer``, paid, delivered by
    ``vendor`` and disputed."""
    milestone = (
        factories.ProposalService()
        .accept(
            factories.make_proposal(
                factories.make_project(customer, title="Attic"), vendor
            )
        )
        .milestones.get(number=1)
    )
    pay_milestone(milestone, customer)
    MilestoneService().deliver(milestone, "Done", user=vendor)
    return {
        "disputed_milestone": MilestoneService().dispute(
            milestone, "Nothing done.", user=customer
        )
    }


def conversation_targets(targets, vendor, **users):
    """``vendor``'s question about the open project, with a file."""
    service = ConversationService()
    conversation = service.get_or_create(targets["open_project"], vendor.partners.get())
    question = SimpleUploadedFile("plan.txt", b"plan", content_type="text/plain")
    message = service.post(
        conversation, vendor, "vendor", "Which wall?", files=[question]
    )
    return {"conversation": conversation, "message_file": message.files.get()}


def terms_proposal(targets, customer, vendor, **users):
    """A proposal of ``vendor`` that accepted a project's terms file."""
    terms = SimpleUploadedFile("terms.txt", b"terms", content_type="text/plain")
    project = factories.make_project(customer, title="Porch", terms_file=terms)
    return {
        "terms_proposal": factories.make_proposal(project, vendor, accept_terms=True)
    }


def vendor_targets(targets, vendor, **users):
    """The vendor's partner, a rate of theirs, and a product to add."""
    return {
        "partner": vendor.partners.get(),
        "rate": RateService().create(
            vendor.partners.get(), "GBP", name="Plumbing", price=Decimal("45.00")
        ),
        "product": create_product(price="12.00", num_in_stock=10),
    }


def quotable_product(targets, **users):
    """A product of a quotable product type."""
    product = create_product(
        title="Bath", product_class="Bathroom", price="800.00", num_in_stock=2
    )
    get_model("bidding", "QuotableProductClass").objects.create(
        product_class=product.product_class
    )
    return {"quotable_product": product}


#: Which builder makes each target (a builder may make several).
BUILDERS = {
    **dict.fromkeys(
        ["project", "proposal", "milestone", "attachment", "outbox_message"],
        project_targets,
    ),
    "open_project": open_project,
    **dict.fromkeys(
        ["ready_milestone", "invoice", "payment", "incident"], paid_targets
    ),
    **dict.fromkeys(
        ["delivered_milestone", "pending_milestone", "delivery_file"],
        delivered_targets,
    ),
    **dict.fromkeys(["partner", "rate", "product"], vendor_targets),
    "assigned_milestone": assigned_milestone,
    "disputed_milestone": disputed_milestone,
    **dict.fromkeys(["conversation", "message_file"], conversation_targets),
    **dict.fromkeys(["project_type", "answer_file"], typed_project),
    "terms_proposal": terms_proposal,
    "quotable_product": quotable_product,
    **dict.fromkeys(
        ["secret_project", "secret_attachment", "secret_answer_file"],
        invite_only_targets,
    ),
}


def url_for(name, target, targets):
    if target is None:
        return reverse(name)
    obj = targets[target]
    if target == "product":  # the add-to-basket form's fields are in the query
        return f"{reverse(name)}?product={obj.pk}"
    if target == "invoice":
        return reverse(name, kwargs={"number": obj.number})
    key = (
        "project_pk" if name.endswith(("proposal-create", "project-decline")) else "pk"
    )
    return reverse(name, kwargs={key: obj.pk})


def snapshot():
    """Everything a refused request must leave untouched."""
    rows = []
    for model in apps.get_app_config("bidding").get_models(include_auto_created=True):
        rows.append(list(model.objects.order_by("pk").values()))
    return rows


def assert_refused(response, role, name, method="GET"):
    if role == "anonymous":
        assert response.status_code == 302
        assert "login" in response["Location"]
    elif name.startswith("bidding_dashboard:") and role not in (
        {"staff"} if name in STAFF_ONLY else VENDORS
    ):
        assert response.status_code == 403
    elif method == "POST":
        # 405: a read-only page refuses a POST before it looks at the object.
        assert response.status_code in (404, 405)
    else:
        assert response.status_code == 404


CASES = [(name, role) for name in MATRIX for role in ROLES]


@pytest.mark.parametrize("name,role", CASES)
def test_get(client, world, name, role):
    users, targets = world
    target, allowed = MATRIX[name]
    if role != "anonymous":
        client.force_login(users[role])

    response = client.get(url_for(name, target, targets))

    if role in allowed:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "login" not in response["Location"]
    else:
        assert_refused(response, role, name)


@pytest.mark.parametrize(
    "name,role", [(n, r) for n, r in CASES if r not in MATRIX[n][1]]
)
def test_refused_post_changes_nothing(client, world, name, role):
    users, targets = world
    target, _ = MATRIX[name]
    if role != "anonymous":
        client.force_login(users[role])
    if name == "bidding_dashboard:milestone-deliver":
        Milestone.objects.filter(pk=targets["delivered_milestone"].pk).update(
            status=Milestone.PAID
        )
    url = url_for(name, target, targets)
    before = snapshot()

    response = client.post(
        url,
        {
            "title": "<b>x</b>",
            "reason": "no",
            "note": "x",
            "budget": Decimal("1"),
            "body": "Hello",
        },
    )

    assert_refused(response, role, name, "POST")
    assert snapshot() == before


INVITE_ONLY_CASES = [(name, role) for name in INVITE_ONLY_MATRIX for role in ROLES]


@pytest.mark.parametrize("name,role", INVITE_ONLY_CASES)
def test_get_invite_only(client, world, name, role):
    users, targets = world
    target, allowed = INVITE_ONLY_MATRIX[name]
    if role != "anonymous":
        client.force_login(users[role])

    response = client.get(url_for(name, target, targets))

    if role in allowed:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "login" not in response["Location"]
    else:
        assert_refused(response, role, name)


@pytest.mark.parametrize(
    "name,role",
    [(n, r) for n, r in INVITE_ONLY_CASES if r not in INVITE_ONLY_MATRIX[n][1]],
)
def test_refused_post_on_an_invite_only_project_changes_nothing(
    client, world, name, role
):
    users, targets = world
    target, _ = INVITE_ONLY_MATRIX[name]
    if role != "anonymous":
        client.force_login(users[role])
    url = url_for(name, target, targets)
    before = snapshot()

    response = client.post(
        url, {**factories.proposal_form_data(submit=True), "reason": "no"}
    )

    assert_refused(response, role, name, "POST")
    assert snapshot() == before
