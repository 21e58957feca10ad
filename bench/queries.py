"""Table 1: database queries of every page of the flow, at 1, 10 and 50 rows.

Each measurement builds its data and makes its request inside a transaction
that is rolled back, as a test does: every page sees only its own rows, and
work queued for after the commit (the vendor's e-mail, a Celery worker's job
in production) is not counted against the request. ``tests/performance``
asserts these counts; ``make bench`` prints them.
"""

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import create_order

from bench import data
from bench.report import table
from oscar_bidding.services.payments import milestone_stockrecord
from tests.checkout import fill_basket, open_basket, pay_milestone, walk_checkout
from tests.checkout import place_order as checkout_place_order

Order = get_model("order", "Order")
Milestone = get_model("bidding", "Milestone")
StatusChange = get_model("bidding", "StatusChange")
Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")

#: One page shows every row, so that 50 rows really are on the page.
PAGE_SIZES = {
    "OSCAR_BIDDING_PROJECTS_PER_PAGE": 100,
    "OSCAR_BIDDING_DASHBOARD_ITEMS_PER_PAGE": 100,
}
ROWS = (1, 10, 50)
#: Queries of the place-order POST of a milestone, whatever its item count.
PLACE_ORDER_TARGET = 50
#: Queries of Pay (filling the basket), whatever the milestone's item count.
PAY_TARGET = 12
PLACE_ORDER = {"action": "place_order"}


@dataclass
class Request:
    """A GET, or a POST of ``data``. GETs are made once unmeasured first, to
    warm what a running shop has warm (session, basket)."""

    path: str
    data: dict | None = None

    def send(self, client):
        if self.data is None:
            return client.get(self.path)
        return client.post(self.path, self.data)


@dataclass
class Page:
    name: str
    rows: str
    prepare: Callable[[int], tuple[Client, Request]]


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def paid_proposal(milestones):
    """An accepted proposal whose ``milestones`` milestones are all paid, by
    one order (a Payment History row each)."""
    customer, vendor = data.customer(), data.vendor()
    with override_settings(
        OSCAR_BIDDING_ALL_MILESTONES_READY=True, OSCAR_BIDDING_PAY_SEVERAL=True
    ):
        proposal = data.accepted_proposal(customer, vendor, milestones)
        pay_milestone(proposal.milestones.first(), customer)
    return proposal, customer, vendor


def ready_milestone(items):
    """A new customer's milestone of ``items`` items, ready to pay."""
    customer, partner = data.customer(), data.vendor().partners.get()
    (milestone,) = data.ready_milestones(customer, partner, 1, items)
    return milestone, customer


def milestone_in_basket(items):
    """A customer whose locked basket holds a milestone of ``items`` items,
    walked through checkout to the payment details."""
    milestone, customer = ready_milestone(items)
    client = logged_in(customer)
    fill_basket(client, customer, milestone)
    walk_checkout(client)
    return client


def products_in_basket(count):
    """A customer whose basket holds ``count`` plain Oscar products."""
    customer = data.customer()
    client = logged_in(customer)
    client.get(reverse("basket:summary"))
    data.fill_with_products(customer, data.plain_products(count))
    walk_checkout(client)
    return client


def proposal_details(rows):
    proposal, customer, _vendor = paid_proposal(rows)
    return logged_in(customer), Request(proposal.get_absolute_url())


def pay(rows):
    """Pay, in a shop that has taken a milestone payment before (the vendor's
    stock record of the milestone product exists)."""
    milestone, customer = ready_milestone(rows)
    proposal = milestone.proposal
    milestone_stockrecord(proposal.partner, proposal.currency)
    client = logged_in(customer)
    open_basket(client, customer)
    url = reverse("bidding:milestone-pay", kwargs={"pk": milestone.pk})
    return client, Request(url, {"pay": "1"})


def basket(rows):
    milestone, customer = ready_milestone(rows)
    client = logged_in(customer)
    fill_basket(client, customer, milestone)
    return client, Request(reverse("basket:summary"))


def checkout_preview(rows):
    client = milestone_in_basket(rows)
    return client, Request(reverse("checkout:preview"))


def place_order(rows):
    client = milestone_in_basket(rows)
    return client, Request(reverse("checkout:preview"), PLACE_ORDER)


def thank_you(rows):
    client = milestone_in_basket(rows)
    checkout_place_order(client)
    return client, Request(reverse("checkout:thank-you"))


def plain_place_order(rows):
    client = products_in_basket(rows)
    return client, Request(reverse("checkout:preview"), PLACE_ORDER)


def plain_checkout_preview(rows):
    client = products_in_basket(rows)
    return client, Request(reverse("checkout:preview"))


def milestone_order(items):
    milestone, customer = ready_milestone(items)
    return pay_milestone(milestone, customer), customer


def order_detail(rows):
    order, customer = milestone_order(rows)
    url = reverse("customer:order", kwargs={"order_number": order.number})
    return logged_in(customer), Request(url)


def plain_order_detail(rows):
    customer = data.customer()
    basket = data.fill_with_products(customer, data.plain_products(rows))
    order = create_order(basket=basket, user=customer)
    url = reverse("customer:order", kwargs={"order_number": order.number})
    return logged_in(customer), Request(url)


def invoice(rows):
    order, customer = milestone_order(rows)
    url = Order.objects.get(pk=order.pk).bidding_invoice.get_absolute_url()
    return logged_in(customer), Request(url)


def invoice_pdf(rows):
    order, customer = milestone_order(rows)
    number = Order.objects.get(pk=order.pk).bidding_invoice.number
    url = reverse("bidding:invoice-pdf", kwargs={"number": number})
    return logged_in(customer), Request(url)


def submitted_proposals(count, title="Kitchen refit"):
    """``count`` open projects of one customer, each with a proposal submitted
    by one vendor; bulk-loaded, and indexed for search."""
    customer, vendor = data.customer(), data.vendor()
    loader = data.MarketplaceLoader(
        [customer],
        [vendor.partners.get()],
        milestones=1,
        items=1,
        title=lambda pk: title,
    )
    data.index_projects(loader.load(count, data.open_with_proposal))
    return customer, vendor


def manage_proposals_vendor(rows):
    _customer, vendor = submitted_proposals(rows)
    url = reverse("bidding_dashboard:proposal-list")
    return logged_in(vendor), Request(url)


def manage_proposals_staff(rows):
    _customer, vendor = submitted_proposals(rows)
    staff = data.staff()
    url = reverse("bidding_dashboard:proposal-list")
    partner = vendor.partners.get()
    return logged_in(staff), Request(f"{url}?partner={partner.pk}")


def dashboard_proposal(rows):
    proposal, _customer, vendor = paid_proposal(rows)
    return logged_in(vendor), Request(proposal.get_dashboard_url())


def open_projects(rows):
    _customer, vendor = submitted_proposals(rows)
    url = reverse("bidding_dashboard:project-list")
    return logged_in(vendor), Request(url)


def open_projects_search(rows):
    word = f"Zeppelin{data.serial()}"
    _customer, vendor = submitted_proposals(rows, title=f"{word} hangar")
    url = reverse("bidding_dashboard:project-list")
    return logged_in(vendor), Request(f"{url}?q={word}")


def audience_projects(count, title="Kitchen refit"):
    """``count`` open projects a vendor may bid on (by turns invite-only with
    the vendor invited, and of a type below one it offers) and ``count`` it
    may not (by turns invite-only with another vendor invited, and of a type
    it does not offer); bulk-loaded with their invitations, and indexed.
    Returns the vendor."""
    Invitation = get_model("bidding", "Invitation")
    ProjectType = get_model("bidding", "ProjectType")
    customer, vendor, other = data.customer(), data.vendor(), data.vendor()
    partner, other_partner = vendor.partners.get(), other.partners.get()
    offered = ProjectType.objects.create(name=f"Offered {data.serial()}")
    below = ProjectType.objects.create(name=f"Below {data.serial()}", parent=offered)
    elsewhere = ProjectType.objects.create(name=f"Elsewhere {data.serial()}")
    offered.partners.add(partner)
    first = data.next_ids(Project, 1).start
    invited = {}

    def fields(pk):
        number = pk - first
        visible, by_invitation = number % 2 == 0, number // 2 % 2 == 0
        if by_invitation:
            invited[pk] = partner if visible else other_partner
            return {"invite_only": True, "project_type_id": offered.pk}
        return {"project_type_id": below.pk if visible else elsewhere.pk}

    loader = data.MarketplaceLoader(
        [customer],
        [partner],
        milestones=1,
        items=1,
        title=lambda pk: title,
        fields=fields,
    )
    project_ids = loader.load(2 * count, data.open_with_proposal)
    data.copy_rows(
        Invitation,
        (
            {"id": pk, "project_id": project, "partner_id": invitee.pk}
            for pk, (project, invitee) in zip(
                data.next_ids(Invitation, len(invited)), invited.items(), strict=True
            )
        ),
    )
    data.reset_sequences(Invitation)
    data.index_projects(project_ids)
    return vendor


def open_projects_audience(rows):
    vendor = audience_projects(rows)
    url = reverse("bidding_dashboard:project-list")
    return logged_in(vendor), Request(url)


def open_projects_audience_search(rows):
    word = f"Zeppelin{data.serial()}"
    vendor = audience_projects(rows, title=f"{word} hangar")
    url = reverse("bidding_dashboard:project-list")
    return logged_in(vendor), Request(f"{url}?q={word}")


#: Events added to the timeline of the pages measured with a long timeline.
TIMELINE_EVENTS = 50


def with_timeline(proposal, customer, vendor, events=TIMELINE_EVENTS):
    """Add ``events`` status changes of the proposal's milestones, by its
    customer and its vendor in turn: a timeline as long as a busy project's."""
    milestones = list(proposal.milestones.order_by("number"))
    StatusChange.objects.bulk_create(
        StatusChange(
            subject="milestone",
            proposal=proposal,
            milestone=milestones[n % len(milestones)],
            user=(customer, vendor)[n % 2],
            role=("customer", "vendor")[n % 2],
            old_status="paid",
            new_status="paid",
            note=f"Event {n}",
        )
        for n in range(events)
    )


def with_sub_vendors(proposal):
    """Give each milestone to a sub-vendor of its own."""
    for milestone in proposal.milestones.all():
        Milestone.objects.filter(pk=milestone.pk).update(
            sub_vendor=data.vendor().partners.get()
        )


def busy_proposal(rows):
    """``rows`` milestones, each paid and given to a sub-vendor, and a
    timeline of :data:`TIMELINE_EVENTS` more events."""
    proposal, customer, vendor = paid_proposal(rows)
    with_sub_vendors(proposal)
    with_timeline(proposal, customer, vendor)
    return proposal, customer, vendor


def proposal_details_timeline(rows):
    proposal, customer, _vendor = busy_proposal(rows)
    return logged_in(customer), Request(proposal.get_absolute_url())


def dashboard_proposal_timeline(rows):
    proposal, _customer, vendor = busy_proposal(rows)
    return logged_in(vendor), Request(proposal.get_dashboard_url())


def assigned_milestones(rows):
    """A sub-vendor given the ``rows`` paid milestones of a proposal."""
    proposal, _customer, _vendor = paid_proposal(rows)
    crew = data.vendor()
    proposal.milestones.update(sub_vendor=crew.partners.get())
    url = reverse("bidding_dashboard:assigned-milestone-list")
    return logged_in(crew), Request(url)


def assigned_milestone(rows):
    """A sub-vendor's milestone of ``rows`` items, paid, with a timeline of
    ``rows`` more events."""
    milestone, customer = ready_milestone(rows)
    pay_milestone(milestone, customer)
    crew = data.vendor()
    Milestone.objects.filter(pk=milestone.pk).update(sub_vendor=crew.partners.get())
    proposal = milestone.proposal
    with_timeline(proposal, customer, proposal.partner.users.get(), events=rows)
    return logged_in(crew), Request(milestone.get_assigned_url())


def disputed_proposal(milestones):
    """A paid proposal whose ``milestones`` milestones are all disputed by
    its customer, each with a reason."""
    proposal, customer, vendor = paid_proposal(milestones)
    disputed = list(proposal.milestones.all())
    Milestone.objects.filter(proposal=proposal).update(status=Milestone.DISPUTED)
    StatusChange.objects.bulk_create(
        StatusChange(
            subject="milestone",
            proposal=proposal,
            milestone=milestone,
            user=customer,
            role="customer",
            old_status="delivered",
            new_status="disputed",
            note=f"Reason {milestone.number}",
        )
        for milestone in disputed
    )
    return proposal, customer, vendor


def disputes(rows):
    """Staff's list of ``rows`` open disputes."""
    disputed_proposal(rows)
    url = reverse("bidding_dashboard:dispute-list")
    return logged_in(data.staff()), Request(url)


def dispute(rows):
    """One dispute, with ``rows`` more events in its milestone's timeline."""
    proposal, customer, vendor = disputed_proposal(1)
    with_timeline(proposal, customer, vendor, events=rows)
    milestone = proposal.milestones.get()
    url = reverse("bidding_dashboard:dispute-detail", kwargs={"pk": milestone.pk})
    return logged_in(data.staff()), Request(url)


def revised_proposal(revisions):
    """A submitted proposal of two milestones submitted ``revisions`` times:
    after each change request the vendor re-prices its items and resubmits."""
    factories = data.factories
    customer, vendor = data.customer(), data.vendor()
    proposal = factories.make_proposal(factories.make_project(customer), vendor)
    service = factories.ProposalService()
    for number in range(2, revisions + 1):
        service.request_changes(proposal, "Cheaper, please.", user=customer)
        specs = factories.milestone_specs(2, 2, unit_price=Decimal(200 - number))
        service.update(proposal, specs, user=vendor)
        service.submit(proposal, user=vendor)
    return proposal, customer, vendor


def proposal_revisions(rows):
    proposal, customer, _vendor = revised_proposal(rows)
    url = reverse("bidding:proposal-revisions", kwargs={"pk": proposal.pk})
    return logged_in(customer), Request(url)


def dashboard_proposal_revisions(rows):
    proposal, _customer, vendor = revised_proposal(rows)
    url = reverse("bidding_dashboard:proposal-revisions", kwargs={"pk": proposal.pk})
    return logged_in(vendor), Request(url)


def my_projects(rows):
    customer, _vendor = submitted_proposals(rows)
    return logged_in(customer), Request(reverse("bidding:project-list"))


def with_messages(proposal, customer, vendor, count):
    """``count`` messages in the proposal's conversation, from each side in
    turn, each with a file."""
    Conversation = get_model("bidding", "Conversation")
    Message = get_model("bidding", "Message")
    MessageFile = get_model("bidding", "MessageFile")
    conversation = Conversation.objects.create(
        project=proposal.project, partner=proposal.partner, proposal=proposal
    )
    messages = Message.objects.bulk_create(
        Message(
            conversation=conversation,
            author=(customer, vendor)[n % 2],
            role=("customer", "vendor")[n % 2],
            body=f"Message {n}",
        )
        for n in range(count)
    )
    MessageFile.objects.bulk_create(
        MessageFile(
            message=message,
            file=f"bidding/messages/{message.pk}.txt",
            name=f"file-{message.pk}.txt",
            content_type="text/plain",
            size=10,
        )
        for message in messages
    )


def talked_proposal(rows):
    proposal, customer, vendor = paid_proposal(1)
    with_messages(proposal, customer, vendor, rows)
    return proposal, customer, vendor


def proposal_messages(rows):
    proposal, customer, _vendor = talked_proposal(rows)
    url = reverse("bidding:proposal-messages", kwargs={"pk": proposal.pk})
    return logged_in(customer), Request(url)


def proposal_files(rows):
    proposal, customer, _vendor = talked_proposal(rows)
    url = reverse("bidding:proposal-files", kwargs={"pk": proposal.pk})
    return logged_in(customer), Request(url)


def dashboard_proposal_messages(rows):
    proposal, _customer, vendor = talked_proposal(rows)
    url = reverse("bidding_dashboard:proposal-messages", kwargs={"pk": proposal.pk})
    return logged_in(vendor), Request(url)


def dashboard_proposal_files(rows):
    proposal, _customer, vendor = talked_proposal(rows)
    url = reverse("bidding_dashboard:proposal-files", kwargs={"pk": proposal.pk})
    return logged_in(vendor), Request(url)


def type_chain(count):
    """``count`` project types, each the parent of the next, each asking one
    question of a kind in turn; returns the deepest type and its questions."""
    ProjectType = get_model("bidding", "ProjectType")
    ProjectQuestion = get_model("bidding", "ProjectQuestion")
    kinds = [kind for kind, _label in ProjectQuestion.KIND_CHOICES]
    parent = None
    for n in range(count):
        parent = ProjectType.objects.create(name=f"Type {n}", parent=parent)
        ProjectQuestion.objects.create(
            project_type=parent,
            label=f"Question {n}",
            kind=kinds[n % len(kinds)],
            choices="One\nTwo",
        )
    questions = list(
        ProjectQuestion.objects.filter(project_type__name__startswith="Type ")
    )
    return parent, questions


def typed_project(count):
    """A customer's open project of the deepest of ``count`` types, answering
    its ``count`` questions."""
    from bench.data import customer as new_customer
    from tests.factories import make_project

    project_type, questions = type_chain(count)
    customer = new_customer()
    answers = [
        {
            "question": q,
            "value": "One" if q.kind != "several_choices" else ["One"],
            "file": None,
        }
        for q in questions
    ]
    project = make_project(customer, project_type=project_type, answers=answers)
    return project, customer


def project_form(rows):
    project_type, _questions = type_chain(rows)
    url = reverse("bidding:project-create")
    return logged_in(data.customer()), Request(f"{url}?type={project_type.pk}")


def project_edit_form(rows):
    project, customer = typed_project(rows)
    url = reverse("bidding:project-update", kwargs={"pk": project.pk})
    return logged_in(customer), Request(url)


def project_page(rows):
    project, customer = typed_project(rows)
    return logged_in(customer), Request(project.get_absolute_url())


def dashboard_project_page(rows):
    project, _customer = typed_project(rows)
    vendor = data.vendor()
    # Only the vendors offering a project's type may read it.
    project.project_type.partners.add(*vendor.partners.all())
    url = reverse("bidding_dashboard:project-detail", kwargs={"pk": project.pk})
    return logged_in(vendor), Request(url)


def compare_proposals(rows):
    """One project with ``rows`` submitted proposals (two at least: the page
    compares two or more), each of its own vendor, all ticked."""
    count = max(rows, 2)
    customer = data.customer()
    loader = data.MarketplaceLoader(
        [customer], data.bulk_vendors(count), milestones=2, items=1
    )
    (pk,) = loader.load(1, lambda _pk: (Project.OPEN, [Proposal.SUBMITTED] * count))
    ids = Proposal.objects.filter(project_id=pk).values_list("pk", flat=True)
    url = reverse("bidding:proposal-compare", kwargs={"pk": pk})
    query = "&".join(f"proposal={proposal}" for proposal in ids)
    return logged_in(customer), Request(f"{url}?{query}")


def quotable_products(count, vendor=None):
    """``count`` products of a quotable product class, each stocked by
    ``vendor``'s partner when given."""
    from oscar.test.factories import create_product

    partner_name = vendor.partners.get().name if vendor else None
    products = [
        create_product(
            title=f"Quoted product {n}",
            product_class="Quoted products",
            partner_name=partner_name,
            price=Decimal("10.00"),
            num_in_stock=5,
        )
        for n in range(count)
    ]
    get_model("bidding", "QuotableProductClass").objects.get_or_create(
        product_class=products[0].product_class
    )
    return products


def with_quote_list(client, products):
    """The customer's quote list (their session) holds ``products``."""
    session = client.session
    session["oscar_bidding_quote"] = [
        {"product": product.pk, "quantity": 2, "note": "Note"} for product in products
    ]
    session.save()
    return client


def quote_list(rows):
    client = with_quote_list(logged_in(data.customer()), quotable_products(rows))
    return client, Request(reverse("bidding:quote-list"))


def quote_form(rows):
    client = with_quote_list(logged_in(data.customer()), quotable_products(rows))
    return client, Request(reverse("bidding:quote-submit"))


def quote_add(rows):
    """Request a quote for one more product, ``rows`` already in the list."""
    products = quotable_products(rows + 1)
    client = with_quote_list(logged_in(data.customer()), products[:-1])
    url = reverse("bidding:quote-add", kwargs={"pk": products[-1].pk})
    return client, Request(url, {"quantity": "1", "note": ""})


def quoted_project(rows):
    """A project posted by a quote request for ``rows`` products, all stocked
    by the vendor."""
    from django.utils import timezone
    from oscar.core.loading import get_class

    QuoteLine = get_class("bidding.quotes", "QuoteLine")
    service = get_class("bidding.services.quotes", "QuoteRequestService")()
    customer, vendor = data.customer(), data.vendor()
    products = quotable_products(rows, vendor)
    project = service.submit(
        customer,
        [QuoteLine(product, 2, "Note") for product in products],
        title="Quote",
        description="Products",
        bidding_deadline=timezone.localdate() + timezone.timedelta(days=10),
    )
    return project, customer, vendor


def quote_project_page(rows):
    project, customer, _vendor = quoted_project(rows)
    return logged_in(customer), Request(project.get_absolute_url())


def quote_dashboard_project_page(rows):
    project, _customer, vendor = quoted_project(rows)
    url = reverse("bidding_dashboard:project-detail", kwargs={"pk": project.pk})
    return logged_in(vendor), Request(url)


def quote_proposal_form(rows):
    project, _customer, vendor = quoted_project(rows)
    url = reverse(
        "bidding_dashboard:proposal-create", kwargs={"project_pk": project.pk}
    )
    return logged_in(vendor), Request(url)


def quotable_classes(rows):
    ProductClass = get_model("catalogue", "ProductClass")
    ProductClass.objects.bulk_create(
        ProductClass(name=f"Class {n}", slug=f"class-{n}") for n in range(rows)
    )
    url = reverse("bidding_dashboard:quotable-class-list")
    return logged_in(data.staff()), Request(url)


# Who may bid: offerings and invitations -------------------------------------------


def offering_vendors(count, project_type):
    """``count`` vendors offering ``project_type``, each with a description."""
    VendorProfile = get_model("bidding", "VendorProfile")
    partners = data.bulk_vendors(count)
    project_type.partners.add(*partners)
    VendorProfile.objects.bulk_create(
        VendorProfile(partner=partner, description=f"About {partner.name}.")
        for partner in partners
    )
    return partners


def invite(project, partners):
    """Invitations written as a quote request writes them: no limit."""
    Invitation = get_model("bidding", "Invitation")
    Invitation.objects.bulk_create(
        Invitation(project=project, partner=partner, source=Invitation.QUOTE)
        for partner in partners
    )


def project_form_vendors(rows):
    """The project form of a type ``rows`` vendors offer: each is a checkbox
    with its description."""
    project_type = get_model("bidding", "ProjectType").objects.create(name="Decks")
    offering_vendors(rows, project_type)
    url = reverse("bidding:project-create")
    return logged_in(data.customer()), Request(f"{url}?type={project_type.pk}")


def open_projects_invited(rows):
    """Open Projects of a vendor offering a type: ``rows`` projects of that
    type open to all, and ``rows`` invite-only ones it was invited to."""
    project_type = get_model("bidding", "ProjectType").objects.create(name="Roofs")
    vendor = data.vendor()
    partner = vendor.partners.get()
    project_type.partners.add(partner)
    customer = data.customer()
    loader = data.MarketplaceLoader([customer], [partner], milestones=1, items=1)
    pks = loader.load(2 * rows, lambda _pk: (Project.OPEN, []))
    Project.objects.filter(pk__in=pks).update(project_type=project_type)
    secret = Project.objects.filter(pk__in=pks[:rows])
    secret.update(invite_only=True)
    for project in secret:
        invite(project, [partner])
    url = reverse("bidding_dashboard:project-list")
    return logged_in(vendor), Request(url)


def invite_vendors(rows):
    """Invite vendors: an invite-only project of a type ``rows`` vendors
    offer, ``rows`` others invited already."""
    from tests.factories import make_project

    project_type = get_model("bidding", "ProjectType").objects.create(name="Walls")
    offering_vendors(rows, project_type)
    customer = data.customer()
    project = make_project(customer, project_type=project_type, invite_only=True)
    invite(project, offering_vendors(rows, project_type))
    url = reverse("bidding:project-invite", kwargs={"pk": project.pk})
    return logged_in(customer), Request(url)


def project_page_invitations(rows):
    """The customer's project with ``rows`` vendors invited."""
    from tests.factories import make_project

    customer = data.customer()
    project = make_project(customer, invite_only=True)
    invite(project, data.bulk_vendors(rows))
    return logged_in(customer), Request(project.get_absolute_url())


PAGES = [
    Page("Proposal Details", "milestones, each paid", proposal_details),
    Page("Pay (POST)", "milestone items", pay),
    Page("Basket (milestone)", "milestone items", basket),
    Page("Checkout preview", "milestone items", checkout_preview),
    Page("Checkout preview, plain Oscar", "products", plain_checkout_preview),
    Page("Place order (POST)", "milestone items", place_order),
    Page("Place order (POST), plain Oscar", "products", plain_place_order),
    Page("Thank-you page", "milestone items", thank_you),
    Page("My Orders: order detail", "order lines", order_detail),
    Page("My Orders: order detail, plain Oscar", "order lines", plain_order_detail),
    Page("Invoice", "invoice lines", invoice),
    Page("Invoice PDF", "invoice lines", invoice_pdf),
    Page("Manage Proposals (vendor)", "proposals", manage_proposals_vendor),
    Page("Manage Proposals (staff)", "proposals", manage_proposals_staff),
    Page("Manage Proposals: proposal", "milestones, each paid", dashboard_proposal),
    Page("Open Projects", "projects", open_projects),
    Page("Open Projects search", "projects found", open_projects_search),
    Page(
        "Open Projects, types and invitations",
        "projects the vendor may bid on, as many it may not",
        open_projects_audience,
    ),
    Page(
        "Open Projects search, types and invitations",
        "projects found, as many hidden from the vendor",
        open_projects_audience_search,
    ),
    Page("My Projects", "projects", my_projects),
    Page(
        "Proposal Details, 50-event timeline",
        "milestones, each paid, with a sub-vendor",
        proposal_details_timeline,
    ),
    Page(
        "Manage Proposals: proposal, 50-event timeline",
        "milestones, each paid, with a sub-vendor",
        dashboard_proposal_timeline,
    ),
    Page("Assigned Milestones (sub-vendor)", "milestones", assigned_milestones),
    Page(
        "Assigned Milestones: milestone",
        "items and timeline events",
        assigned_milestone,
    ),
    Page("Disputes (staff)", "open disputes", disputes),
    Page("Disputes: dispute", "timeline events", dispute),
    Page(
        "Proposal Details: Messaging", "messages, each with a file", proposal_messages
    ),
    Page("Proposal Details: Files", "message files", proposal_files),
    Page(
        "Manage Proposals: proposal, Messaging",
        "messages, each with a file",
        dashboard_proposal_messages,
    ),
    Page(
        "Manage Proposals: proposal, Files",
        "message files",
        dashboard_proposal_files,
    ),
    Page("Post a project (form)", "project types and questions", project_form),
    Page("Edit project (form)", "project types and answers", project_edit_form),
    Page("My Projects: project", "project types and answers", project_page),
    Page("Open Projects: project", "project types and answers", dashboard_project_page),
    Page("Proposal revisions", "revisions", proposal_revisions),
    Page("Manage Proposals: revisions", "revisions", dashboard_proposal_revisions),
    Page("Compare proposals", "proposals (2 at least)", compare_proposals),
    Page("Quote request (quote list)", "products", quote_list),
    Page("Request a quote (POST)", "products in the quote list", quote_add),
    Page("Request a quote (form)", "products", quote_form),
    Page("My Projects: project from a quote", "quoted products", quote_project_page),
    Page(
        "Open Projects: project from a quote",
        "quoted products",
        quote_dashboard_project_page,
    ),
    Page("New proposal on a quote request", "quoted products", quote_proposal_form),
    Page("Quotable product types (staff)", "product types", quotable_classes),
    Page(
        "Post a project (form), vendors to invite",
        "vendors offering the type",
        project_form_vendors,
    ),
    Page(
        "Open Projects, invited or by type",
        "projects of each kind",
        open_projects_invited,
    ),
    Page("Invite vendors", "vendors offering the type, and invited", invite_vendors),
    Page(
        "My Projects: project, invited vendors",
        "vendors invited",
        project_page_invitations,
    ),
]


def capture(prepare, rows):
    """The queries of one request, on data rolled back afterwards."""
    with transaction.atomic(), override_settings(**PAGE_SIZES):
        client, request = prepare(rows)
        if request.data is None:
            request.send(client)
        with CaptureQueriesContext(connection) as queries:
            response = request.send(client)
        transaction.set_rollback(True)
    expected = 302 if request.data else 200
    assert response.status_code == expected, (request.path, response.status_code)
    return [query["sql"] for query in queries]


def count(prepare, rows):
    return len(capture(prepare, rows))


def counts(page):
    """Query counts at each of :data:`ROWS`, after one run to warm the process."""
    capture(page.prepare, ROWS[0])
    return [count(page.prepare, rows) for rows in ROWS]


def place_order_comparison(items=10):
    """Queries of placing a milestone order of ``items`` items, and of a plain
    Oscar order of as many products."""
    capture(place_order, 1)
    capture(plain_place_order, 1)
    return capture(place_order, items), capture(plain_place_order, items)


def statement(sql):
    """``SELECT bidding_milestone FOR UPDATE``: what a query does, to which table."""
    verb = sql.split(None, 1)[0].upper()
    if verb in ("SAVEPOINT", "RELEASE", "ROLLBACK"):
        return verb
    pattern = {
        "SELECT": r'\bFROM "([^"]+)"',
        "INSERT": r'INTO "([^"]+)"',
        "UPDATE": r'UPDATE "([^"]+)"',
        "DELETE": r'FROM "([^"]+)"',
    }.get(verb)
    match = pattern and re.search(pattern, sql)
    name = f"{verb} {match.group(1) if match else '?'}"
    return f"{name} FOR UPDATE" if sql.rstrip().endswith("FOR UPDATE") else name


def difference(milestone, plain):
    """Statements the milestone order runs beyond the plain order's, and fewer."""
    more = Counter(map(statement, milestone))
    fewer = Counter(map(statement, plain))
    return more - fewer, fewer - more


def run():
    rows = []
    for page in PAGES:
        found = counts(page)
        equal = "yes" if len(set(found)) == 1 else "no"
        rows.append([page.name, page.rows, *found, equal])
    print(
        table(
            "Queries per request at 1, 10 and 50 rows",
            ["Page", "Rows are", "1 row", "10 rows", "50 rows", "Equal"],
            rows,
        )
    )
    milestone, plain = place_order_comparison()
    extra, fewer = difference(milestone, plain)
    print(
        table(
            "Place order: milestone of 10 items vs plain Oscar order of 10 products",
            ["Order", "Queries", "Target"],
            [
                ["Milestone, 10 items", len(milestone), f"<= {PLACE_ORDER_TARGET}"],
                ["Plain Oscar, 10 products", len(plain), ""],
                ["Difference", len(milestone) - len(plain), ""],
            ],
        )
    )
    print(
        table(
            "Place order: statements the milestone order runs beyond plain Oscar",
            ["Statement", "Times"],
            [[name, f"+{n}"] for name, n in sorted(extra.items())]
            + [[name, f"-{n}"] for name, n in sorted(fewer.items())],
        )
    )
