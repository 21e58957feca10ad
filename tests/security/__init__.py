"""What the security tests share: one of everything a customer, a vendor or
staff act on, and how to reach every URL of the package and of the basket and
checkout it forks, as the user allowed to use it.

``VISITS`` must name every such URL (the resolver lists them), and give the data
of a valid POST for every view that takes one: a new URL cannot slip past the
CSRF and open-redirect tests.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse
from oscar.core.loading import get_class, get_model
from oscar.test.factories import (
    CountryFactory,
    UserAddressFactory,
    create_product,
    create_voucher,
)

from tests import factories
from tests.checkout import fill_basket, open_basket, pay_milestone, walk_checkout

Basket = get_model("basket", "Basket")
Line = get_model("basket", "Line")
Order = get_model("order", "Order")
OrderLine = get_model("order", "Line")
UserAddress = get_model("address", "UserAddress")
Session = get_model("sessions", "Session")
OutboxMessage = get_model("bidding", "OutboxMessage")
Milestone = get_model("bidding", "Milestone")
Selector = get_class("partner.strategy", "Selector")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")

#: The URL namespaces of the package, and of Oscar's apps it forks.
NAMESPACES = ("bidding", "bidding_dashboard", "basket", "checkout")

#: A CSRF secret as the browser keeps it in its cookie; an unmasked secret is
#: also a valid form token.
CSRF_SECRET = "SecuritySuiteCsrfSecret000000000"


def package_urls():
    """``{"namespace:name": view class}`` for every URL of ``NAMESPACES``."""
    found = {}

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif namespace in NAMESPACES:
                found[f"{namespace}:{pattern.name}"] = pattern.callback.view_class

    walk(get_resolver().url_patterns, None)
    return found


def takes_post(view_class):
    return "post" in view_class.http_method_names and hasattr(view_class, "post")


def snapshot():
    """Every stored row a request could change: the bidding tables, baskets and
    their lines and vouchers, orders, addresses and sessions."""
    models = [
        *apps.get_app_config("bidding").get_models(include_auto_created=True),
        Basket,
        Basket.vouchers.through,
        Line,
        Order,
        OrderLine,
        UserAddress,
        Session,
    ]
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in models
    }


class World:
    """One of everything a customer, a vendor or staff act on, each made on
    first use (through the services, as users make them, or as checkout
    records a payment it could not place) so that a test pays only for what it
    visits."""

    def __init__(self, customer, vendor, staff):
        self.customer = customer
        self.vendor = vendor
        self.staff = staff

    @cached_property
    def project(self):
        """Open, with an attachment; ``proposal`` is the vendor's answer."""
        spec = SimpleUploadedFile("spec.txt", b"spec", content_type="text/plain")
        return factories.make_project(self.customer, attachments=[spec])

    @cached_property
    def attachment(self):
        return self.project.attachments.get()

    @cached_property
    def proposal(self):
        return factories.make_proposal(self.project, self.vendor)

    @cached_property
    def draft(self):
        project = factories.make_project(self.customer, title="Loft")
        return factories.make_proposal(project, self.vendor, submit=False)

    @cached_property
    def rate(self):
        return get_class("bidding.services.rates", "RateService")().create(
            self.vendor.partners.get(), "GBP", name="Plumbing", price="45.00"
        )

    @cached_property
    def assigned_milestone(self):
        """A milestone of the vendor's proposal given to a sub-vendor."""
        crew = factories.make_vendor("crew@example.com", "Tiling Crew")
        specs = factories.milestone_specs(milestones=1)
        specs[0].sub_vendor = crew.partners.get()
        proposal = factories.ProposalService().create(
            factories.make_project(self.customer, title="Tiles"),
            self.vendor.partners.get(),
            self.vendor,
            specs,
        )
        return proposal.milestones.get()

    @cached_property
    def project_type(self):
        """A type with a subtype and a question; ``leaf_type`` is the subtype."""
        project_type = get_model("bidding", "ProjectType").objects.create(
            name="Renovation"
        )
        project_type.questions.create(label="Surface", kind="number")
        return project_type

    @cached_property
    def leaf_type(self):
        return get_model("bidding", "ProjectType").objects.create(
            name="Kitchen", parent=self.project_type
        )

    @cached_property
    def partner(self):
        return self.vendor.partners.get()

    @cached_property
    def answer(self):
        """A file answering a question of the open project's type."""
        question = self.leaf_type.questions.create(label="Plan", kind="file")
        plan = SimpleUploadedFile("plan.txt", b"plan", content_type="text/plain")
        project = factories.make_project(
            self.customer,
            title="Kitchen",
            project_type=self.leaf_type,
            answers=[{"question": question, "value": None, "file": plan}],
        )
        return project.answers.get()

    @cached_property
    def invite_only_project(self):
        """Invite-only, nobody invited yet: the customer invites the vendor."""
        return factories.make_project(self.customer, title="Studio", invite_only=True)

    @cached_property
    def open_project(self):
        """Nobody answered it yet."""
        return factories.make_project(self.customer, title="Garden shed")

    @cached_property
    def conversation(self):
        """The vendor's question about the open project, with a file."""
        service = get_class("bidding.services.conversations", "ConversationService")()
        conversation = service.get_or_create(self.open_project, self.partner)
        plan = SimpleUploadedFile("plan.txt", b"plan", content_type="text/plain")
        service.post(conversation, self.vendor, "vendor", "Which wall?", files=[plan])
        return conversation

    @property
    def message_file(self):
        return self.conversation.messages.get().files.get()

    @cached_property
    def terms_proposal(self):
        """The vendor's, submitted accepting its project's terms file."""
        terms = SimpleUploadedFile("terms.txt", b"terms", content_type="text/plain")
        project = factories.make_project(self.customer, title="Deck", terms_file=terms)
        return factories.make_proposal(project, self.vendor, accept_terms=True)

    @property
    def terms_project(self):
        return self.terms_proposal.project

    @cached_property
    def _bath(self):
        """Awarded; milestone 1 paid, with its invoice, and completed."""
        done, ready = self.awarded("Bath")
        invoice = pay_milestone(done, self.customer).bidding_invoice
        factories.complete_milestone(done)
        MilestoneService().mark_ready(ready)
        return ready, invoice

    @property
    def ready_milestone(self):
        return self._bath[0]

    @property
    def awarded_project(self):
        return self.ready_milestone.proposal.project

    @property
    def invoice(self):
        return self._bath[1]

    @cached_property
    def completable_project(self):
        """Awarded, nothing outstanding: its milestones are completed (as the
        vendors of a several-awards project leave one), so the customer may
        mark it completed."""
        milestones = self.awarded("Porch")
        milestones.update(status=Milestone.COMPLETED)
        return milestones[0].proposal.project

    @cached_property
    def paid_milestone(self):
        paid, _pending = self.awarded("Attic")
        pay_milestone(paid, self.customer)
        return paid

    @property
    def pending_milestone(self):
        """Milestone 2 of the paid milestone's proposal, not yet ready."""
        return self.paid_milestone.proposal.milestones.get(number=2)

    @cached_property
    def delivered_milestone(self):
        """Paid, then delivered with a file."""
        delivered, _pending = self.awarded("Cellar")
        pay_milestone(delivered, self.customer)
        report = SimpleUploadedFile("report.txt", b"report", content_type="text/plain")
        MilestoneService().deliver(delivered, "Done", files=[report], user=self.vendor)
        return delivered

    @cached_property
    def disputed_milestone(self):
        """Paid, delivered and disputed by the customer."""
        disputed, _pending = self.awarded("Loft")
        pay_milestone(disputed, self.customer)
        MilestoneService().deliver(disputed, "Done", user=self.vendor)
        return MilestoneService().dispute(disputed, "Not done.", user=self.customer)

    @property
    def delivery_file(self):
        return self.delivered_milestone.deliveries.get().files.get()

    @property
    def paid_payment(self):
        return self.paid_milestone.payments.get()

    @cached_property
    def incident(self):
        """A payment taken for an order that was never placed."""
        return factories.make_payment_to_reconcile(self.customer, [])

    @cached_property
    def outbox_message(self):
        """The vendor's e-mail about an accepted proposal, given up on."""
        return OutboxMessage.objects.create(
            event_code="BIDDING_PROPOSAL_ACCEPTED",
            audience="vendor",
            context={"proposal_id": self.proposal.pk},
            status=OutboxMessage.FAILED,
            attempts=10,
            last_error="Connection refused.",
        )

    @cached_property
    def product(self):
        return create_product(price="12.00", num_in_stock=10)

    @cached_property
    def quotable_product(self):
        """A product of a quotable product type, with a stock record."""
        product = create_product(
            title="Bath", product_class="Bathroom", price="800.00", num_in_stock=2
        )
        get_model("bidding", "QuotableProductClass").objects.create(
            product_class=product.product_class
        )
        return product

    @cached_property
    def voucher(self):
        return create_voucher(code="SAVE20")

    @cached_property
    def address(self):
        return UserAddressFactory(user=self.customer, country=CountryFactory())

    def awarded(self, title):
        project = factories.make_project(self.customer, title=title)
        proposal = factories.make_proposal(project, self.vendor)
        factories.ProposalService().accept(proposal)
        return proposal.milestones.order_by("number")


# How the customer's basket stands before a visit ---------------------------------


def customer_basket(world, client):
    basket = open_basket(client, world.customer)
    basket.strategy = Selector().strategy(user=world.customer)
    return basket


def product_in_basket(world, client):
    customer_basket(world, client).add_product(world.product)


def voucher_in_basket(world, client):
    """As Oscar's voucher form leaves it, addition counted."""
    basket = customer_basket(world, client)
    basket.add_product(world.product)
    basket.vouchers.add(world.voucher)
    world.voucher.num_basket_additions += 1
    world.voucher.save(update_fields=["num_basket_additions"])


def saved_product(world, client):
    saved, _created = Basket.saved.get_or_create(owner=world.customer)
    saved.strategy = Selector().strategy(user=world.customer)
    saved.add_product(world.product)


def milestone_in_basket(world, client):
    fill_basket(client, world.customer, world.ready_milestone)


def milestone_at_preview(world, client):
    milestone_in_basket(world, client)
    walk_checkout(client)


def product_in_quote_list(world, client):
    """The customer's quote list (their session) holds the quotable product."""
    session = client.session
    session["oscar_bidding_quote"] = [
        {"product": world.quotable_product.pk, "quantity": 1, "note": ""}
    ]
    session.save()


def quote_list_data(world):
    return {
        "quote-TOTAL_FORMS": "1",
        "quote-INITIAL_FORMS": "1",
        "quote-0-product": world.quotable_product.pk,
        "quote-0-quantity": "3",
    }


def quotable_class_data(world):
    """Every product type quotable and quoted only."""
    world.quotable_product  # noqa: B018 (at least its type)
    classes = list(
        get_model("catalogue", "ProductClass").objects.order_by("name", "pk")
    )
    data = {
        "classes-TOTAL_FORMS": str(len(classes)),
        "classes-INITIAL_FORMS": str(len(classes)),
    }
    for index, product_class in enumerate(classes):
        data[f"classes-{index}-product_class"] = product_class.pk
        data[f"classes-{index}-quotable"] = "on"
        data[f"classes-{index}-quote_only"] = "on"
    return data


def first_line(world):
    return Basket.open.get(owner=world.customer).lines.order_by("pk").first().pk


def saved_line(world):
    return Basket.saved.get(owner=world.customer).lines.get().pk


def project_data(world):
    return {
        "title": "Kitchen and bathroom refit",
        "description": "New cabinets.",
        "budget": "4000",
        "bidding_deadline": str(factories.IN_A_MONTH),
    }


@dataclass(frozen=True)
class Visit:
    """How the user allowed to use a URL reaches it.

    ``data`` is what a valid POST sends (``None``: the view takes no POST);
    ``changes`` says whether that POST changes stored rows. The empty forms
    posted to Oscar's own checkout steps change nothing: they only show that
    the CSRF check lets a POST with the token through.
    """

    role: str
    url: Callable
    data: Callable | None = None
    prepare: Callable | None = None
    changes: bool = True


def to(name, attr=None, key="pk", field="pk"):
    """The URL of ``name`` for the world's object ``attr``."""

    def url(world):
        if attr is None:
            return reverse(name)
        return reverse(name, kwargs={key: getattr(getattr(world, attr), field)})

    return url


def nothing(world):
    return {}


def a_reason(world):
    return {"reason": "The doors squeak."}


def version_read(world):
    """A decision on a proposal names the version the customer read."""
    return {"version": world.proposal.version}


def a_message(world):
    return {"body": "Which tiles?"}


def change_request(world):
    """What "Request changes" posts: the reason and the revision read."""
    return {"reason": "Cheaper tiles.", "version": world.proposal.version}


def rate_data():
    return {
        "name": "Call-out",
        "rate_type": "visit",
        "price": "60.00",
        "tax_rate": "20",
    }


def project_type_data(world):
    return {
        "name": "Bathroom",
        "description": "",
        "parent": world.project_type.pk,
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-label": "Bath or shower?",
        "questions-0-kind": "one_choice",
        "questions-0-choices": "Bath\nShower",
        "questions-0-position": "0",
    }


C, V, S = "customer", "vendor", "staff"

VISITS = {
    # The storefront.
    "bidding:project-list": Visit(C, to("bidding:project-list")),
    "bidding:project-create": Visit(C, to("bidding:project-create"), data=project_data),
    "bidding:project-detail": Visit(C, to("bidding:project-detail", "project")),
    "bidding:project-update": Visit(
        C, to("bidding:project-update", "project"), data=project_data
    ),
    "bidding:project-cancel": Visit(
        C, to("bidding:project-cancel", "project"), data=nothing
    ),
    "bidding:project-complete": Visit(
        C, to("bidding:project-complete", "completable_project"), data=nothing
    ),
    "bidding:attachment-download": Visit(
        C, to("bidding:attachment-download", "attachment")
    ),
    "bidding:proposal-detail": Visit(C, to("bidding:proposal-detail", "proposal")),
    "bidding:proposal-accept": Visit(
        C, to("bidding:proposal-accept", "proposal"), data=version_read
    ),
    "bidding:proposal-reject": Visit(
        C, to("bidding:proposal-reject", "proposal"), data=version_read
    ),
    "bidding:milestone-pay": Visit(
        C, to("bidding:milestone-pay", "ready_milestone"), data=nothing
    ),
    # Conversations: the proposal's tabs and the questions before proposing.
    "bidding:proposal-messages": Visit(
        C, to("bidding:proposal-messages", "proposal"), data=a_message
    ),
    "bidding:proposal-files": Visit(C, to("bidding:proposal-files", "proposal")),
    "bidding:project-messages": Visit(
        C, to("bidding:project-messages", "open_project")
    ),
    "bidding:conversation-detail": Visit(
        C, to("bidding:conversation-detail", "conversation"), data=a_message
    ),
    "bidding:message-file": Visit(C, to("bidding:message-file", "message_file")),
    "bidding_dashboard:proposal-messages": Visit(
        V, to("bidding_dashboard:proposal-messages", "proposal"), data=a_message
    ),
    "bidding_dashboard:proposal-files": Visit(
        V, to("bidding_dashboard:proposal-files", "proposal")
    ),
    "bidding_dashboard:project-messages": Visit(
        V, to("bidding_dashboard:project-messages", "open_project"), data=a_message
    ),
    "bidding:proposal-request-changes": Visit(
        C, to("bidding:proposal-request-changes", "proposal"), data=change_request
    ),
    "bidding:proposal-revisions": Visit(
        C, to("bidding:proposal-revisions", "proposal")
    ),
    "bidding:basket-replace": Visit(
        C,
        lambda world: f"{reverse('bidding:basket-replace')}?product={world.product.pk}",
        data=lambda world: {"product": world.product.pk, "quantity": 1},
        prepare=milestone_in_basket,
    ),
    "bidding:basket-release": Visit(
        C, to("bidding:basket-release"), data=nothing, prepare=milestone_in_basket
    ),
    "bidding:invoice-detail": Visit(
        C, to("bidding:invoice-detail", "invoice", key="number", field="number")
    ),
    "bidding:invoice-pdf": Visit(
        C, to("bidding:invoice-pdf", "invoice", key="number", field="number")
    ),
    # The vendors' dashboard.
    "bidding_dashboard:project-list": Visit(V, to("bidding_dashboard:project-list")),
    "bidding_dashboard:project-detail": Visit(
        V, to("bidding_dashboard:project-detail", "open_project")
    ),
    "bidding_dashboard:proposal-create": Visit(
        V,
        to("bidding_dashboard:proposal-create", "open_project", key="project_pk"),
        data=lambda world: factories.proposal_form_data(),
    ),
    "bidding_dashboard:project-decline": Visit(
        V,
        to("bidding_dashboard:project-decline", "open_project", key="project_pk"),
        data=lambda world: {"reason": "We do not build sheds."},
    ),
    "bidding_dashboard:proposal-list": Visit(V, to("bidding_dashboard:proposal-list")),
    "bidding_dashboard:proposal-detail": Visit(
        V, to("bidding_dashboard:proposal-detail", "proposal")
    ),
    "bidding_dashboard:proposal-revisions": Visit(
        V, to("bidding_dashboard:proposal-revisions", "proposal")
    ),
    "bidding_dashboard:proposal-update": Visit(
        V,
        to("bidding_dashboard:proposal-update", "proposal"),
        data=lambda world: factories.proposal_form_data(cover_letter="Revised."),
    ),
    "bidding_dashboard:proposal-submit": Visit(
        V, to("bidding_dashboard:proposal-submit", "draft"), data=nothing
    ),
    "bidding_dashboard:proposal-withdraw": Visit(
        V, to("bidding_dashboard:proposal-withdraw", "proposal"), data=nothing
    ),
    "bidding_dashboard:proposal-delete": Visit(
        V, to("bidding_dashboard:proposal-delete", "draft"), data=nothing
    ),
    "bidding_dashboard:rate-list": Visit(V, to("bidding_dashboard:rate-list")),
    "bidding_dashboard:rate-create": Visit(
        V, to("bidding_dashboard:rate-create"), data=lambda world: rate_data()
    ),
    "bidding_dashboard:rate-update": Visit(
        V, to("bidding_dashboard:rate-update", "rate"), data=lambda world: rate_data()
    ),
    "bidding_dashboard:rate-delete": Visit(
        V, to("bidding_dashboard:rate-delete", "rate"), data=nothing
    ),
    "bidding_dashboard:invoice-detail": Visit(
        V,
        to("bidding_dashboard:invoice-detail", "invoice", key="number", field="number"),
    ),
    "bidding_dashboard:assigned-milestone-list": Visit(
        V, to("bidding_dashboard:assigned-milestone-list")
    ),
    "bidding_dashboard:assigned-milestone-detail": Visit(
        V, to("bidding_dashboard:assigned-milestone-detail", "assigned_milestone")
    ),
    "bidding:milestone-approve": Visit(
        C, to("bidding:milestone-approve", "delivered_milestone"), data=nothing
    ),
    "bidding:milestone-request-revision": Visit(
        C,
        to("bidding:milestone-request-revision", "delivered_milestone"),
        data=a_reason,
    ),
    "bidding:milestone-dispute": Visit(
        C, to("bidding:milestone-dispute", "delivered_milestone"), data=a_reason
    ),
    "bidding:delivery-file": Visit(C, to("bidding:delivery-file", "delivery_file")),
    "bidding:proposal-compare": Visit(C, to("bidding:proposal-compare", "project")),
    "bidding:project-terms-file": Visit(
        C, to("bidding:project-terms-file", "terms_project")
    ),
    "bidding:proposal-terms-file": Visit(
        C, to("bidding:proposal-terms-file", "terms_proposal")
    ),
    "bidding_dashboard:milestone-ready": Visit(
        V, to("bidding_dashboard:milestone-ready", "pending_milestone"), data=nothing
    ),
    "bidding_dashboard:milestone-deliver": Visit(
        V,
        to("bidding_dashboard:milestone-deliver", "paid_milestone"),
        data=lambda world: {"note": "Fitted."},
    ),
    "bidding_dashboard:payment-refund": Visit(
        S,
        to("bidding_dashboard:payment-refund", "paid_payment"),
        data=lambda world: {"reason": "The vendor could not deliver."},
    ),
    "bidding_dashboard:incident-list": Visit(S, to("bidding_dashboard:incident-list")),
    "bidding_dashboard:incident-detail": Visit(
        S,
        to("bidding_dashboard:incident-detail", "incident"),
        data=lambda world: {
            "action": "resolve",
            "resolution": "Refunded to the customer's card.",
        },
    ),
    "bidding_dashboard:outbox-list": Visit(S, to("bidding_dashboard:outbox-list")),
    "bidding_dashboard:outbox-retry": Visit(
        S, to("bidding_dashboard:outbox-retry", "outbox_message"), data=nothing
    ),
    "bidding_dashboard:dispute-list": Visit(S, to("bidding_dashboard:dispute-list")),
    "bidding_dashboard:dispute-detail": Visit(
        S, to("bidding_dashboard:dispute-detail", "disputed_milestone")
    ),
    "bidding_dashboard:dispute-approve": Visit(
        S,
        to("bidding_dashboard:dispute-approve", "disputed_milestone"),
        data=lambda world: {"note": "The work is done."},
    ),
    "bidding_dashboard:dispute-refund": Visit(
        S,
        to("bidding_dashboard:dispute-refund", "disputed_milestone"),
        data=lambda world: {"amount": "1.00", "note": "A part is missing."},
    ),
    # Project types and the types vendors offer.
    "bidding:answer-file": Visit(C, to("bidding:answer-file", "answer")),
    "bidding_dashboard:project-type-list": Visit(
        S, to("bidding_dashboard:project-type-list")
    ),
    "bidding_dashboard:project-type-create": Visit(
        S, to("bidding_dashboard:project-type-create"), data=project_type_data
    ),
    "bidding_dashboard:project-type-update": Visit(
        S,
        to("bidding_dashboard:project-type-update", "leaf_type"),
        data=project_type_data,
    ),
    "bidding_dashboard:project-type-delete": Visit(
        S, to("bidding_dashboard:project-type-delete", "leaf_type"), data=nothing
    ),
    "bidding_dashboard:offering-list": Visit(V, to("bidding_dashboard:offering-list")),
    "bidding_dashboard:offering-update": Visit(
        V,
        to("bidding_dashboard:offering-update", "partner"),
        data=lambda world: {"project_types": [world.project_type.pk]},
    ),
    # Quote requests.
    "bidding:quote-add": Visit(
        C,
        to("bidding:quote-add", "quotable_product"),
        data=lambda world: {"quantity": 1},
    ),
    "bidding:quote-list": Visit(
        C, to("bidding:quote-list"), data=quote_list_data, prepare=product_in_quote_list
    ),
    "bidding:quote-submit": Visit(
        C, to("bidding:quote-submit"), data=project_data, prepare=product_in_quote_list
    ),
    "bidding_dashboard:quotable-class-list": Visit(
        S, to("bidding_dashboard:quotable-class-list"), data=quotable_class_data
    ),
    # Invitations.
    "bidding:project-invite": Visit(
        C,
        to("bidding:project-invite", "invite_only_project"),
        data=lambda world: {"partners": [world.partner.pk]},
    ),
    # The basket fork.
    "basket:summary": Visit(
        C,
        to("basket:summary"),
        data=lambda world: {
            "form-TOTAL_FORMS": 1,
            "form-INITIAL_FORMS": 1,
            "form-0-id": first_line(world),
            "form-0-quantity": 3,
        },
        prepare=product_in_basket,
    ),
    "basket:add": Visit(
        C, to("basket:add", "product"), data=lambda world: {"quantity": 1}
    ),
    "basket:vouchers-add": Visit(
        C,
        to("basket:vouchers-add"),
        data=lambda world: {"code": world.voucher.code},
        prepare=product_in_basket,
    ),
    "basket:vouchers-remove": Visit(
        C,
        to("basket:vouchers-remove", "voucher"),
        data=nothing,
        prepare=voucher_in_basket,
    ),
    "basket:saved": Visit(
        C,
        to("basket:saved"),
        data=lambda world: {
            "saved-TOTAL_FORMS": 1,
            "saved-INITIAL_FORMS": 1,
            "saved-0-id": saved_line(world),
            "saved-0-move_to_basket": "on",
        },
        prepare=saved_product,
    ),
    # The checkout fork: placing the order is ours, the steps before are Oscar's.
    "checkout:index": Visit(
        C, to("checkout:index"), data=nothing, prepare=product_in_basket, changes=False
    ),
    "checkout:shipping-address": Visit(
        C,
        to("checkout:shipping-address"),
        data=nothing,
        prepare=product_in_basket,
        changes=False,
    ),
    "checkout:user-address-update": Visit(
        C,
        to("checkout:user-address-update", "address"),
        data=nothing,
        prepare=product_in_basket,
        changes=False,
    ),
    "checkout:user-address-delete": Visit(
        C,
        to("checkout:user-address-delete", "address"),
        data=nothing,
        prepare=product_in_basket,
    ),
    "checkout:shipping-method": Visit(
        C,
        to("checkout:shipping-method"),
        data=nothing,
        prepare=product_in_basket,
        changes=False,
    ),
    "checkout:payment-method": Visit(
        C, to("checkout:payment-method"), prepare=product_in_basket
    ),
    "checkout:payment-details": Visit(
        C,
        to("checkout:payment-details"),
        data=nothing,
        prepare=milestone_at_preview,
        changes=False,
    ),
    "checkout:preview": Visit(
        C,
        to("checkout:preview"),
        data=lambda world: {"action": "place_order"},
        prepare=milestone_at_preview,
    ),
    "checkout:thank-you": Visit(C, to("checkout:thank-you")),
}


def arrive(client, world, name):
    """Log in as the user of ``VISITS[name]`` and set the basket up; the URL and
    the data of a valid POST (``None`` for a view that takes none), made before
    the request so that nothing is created during it."""
    visit = VISITS[name]
    client.force_login(getattr(world, visit.role))
    if visit.prepare:
        visit.prepare(world, client)
    return visit.url(world), visit.data(world) if visit.data else None
