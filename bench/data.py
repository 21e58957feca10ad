"""What the benchmarks measure against: customers, vendors, milestones ready to
pay, plain Oscar products, and a marketplace bulk-loaded with COPY.

Small data goes through the services (:mod:`tests.factories`); large data is
written with PostgreSQL's COPY, amounts computed here as the services would.
"""

import datetime
import itertools
import uuid
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from haystack import connections as search_connections
from oscar.core.loading import get_class, get_model

from oscar_bidding.conf import setting
from tests import factories

Milestone = get_model("bidding", "Milestone")
MilestoneItem = get_model("bidding", "MilestoneItem")
Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")
Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")

PASSWORD = factories.PASSWORD
UNIT_PRICE = Decimal("100.00")
_serial = itertools.count(1)
#: Tells this process's users from another's in a database they share.
_process = uuid.uuid4().hex[:6]


def serial():
    return next(_serial)


def unique_email(role):
    return f"bench-{role}-{_process}-{serial()}@example.com"


def customer():
    return factories.make_user(unique_email("customer"))


def vendor():
    email = unique_email("vendor")
    return factories.make_vendor(email, f"Vendor {email}")


def staff():
    return factories.make_user(unique_email("staff"), is_staff=True, is_superuser=True)


def accepted_proposal(customer, vendor, milestones):
    """A proposal of one item per milestone, accepted through the services."""
    proposal = factories.make_proposal(
        factories.make_project(customer), vendor, milestones=milestones, items=1
    )
    return factories.ProposalService().accept(proposal)


def plain_products(count):
    """``count`` plain Oscar products, bought like the milestone product is:
    no shipping, no stock tracking, no tax (Oscar's default strategy)."""
    product_class, _created = ProductClass.objects.get_or_create(
        slug="bench-service",
        defaults={
            "name": "Bench service",
            "requires_shipping": False,
            "track_stock": False,
        },
    )
    partner, _created = Partner.objects.get_or_create(name="Plain Oscar partner")
    products = []
    for number in (serial() for _ in range(count)):
        product = Product.objects.create(
            title=f"Plain product {number}",
            product_class=product_class,
            upc=f"bench-{_process}-{number}",
        )
        StockRecord.objects.create(
            product=product,
            partner=partner,
            partner_sku=product.upc,
            price=UNIT_PRICE,
            price_currency="GBP",
        )
        products.append(product)
    return products


def fill_with_products(user, products):
    """The user's open basket holds one of each product, as Oscar's add view does."""
    basket, _created = Basket.open.get_or_create(owner=user)
    basket.strategy = Selector().strategy(user=user)
    for product in products:
        basket.add_product(product, 1)
    return basket


# Bulk loading -----------------------------------------------------------------


def copy_rows(model, rows):
    """Write ``rows`` (dicts of attname -> value) into ``model``'s table with COPY.

    A field missing from a row gets its default, "now" for dates set
    automatically.
    """
    fields = model._meta.concrete_fields
    now = timezone.now()
    defaults = [_default(field, now) for field in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(
                    [
                        row.get(field.attname, default)
                        for field, default in zip(fields, defaults, strict=True)
                    ]
                )


def _default(field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        return field.get_default()
    return None if field.null else ""


def next_ids(model, count):
    """``count`` primary keys after the largest in use (see :func:`reset_sequences`)."""
    start = (model.objects.order_by("-pk").values_list("pk", flat=True).first()) or 0
    return range(start + 1, start + 1 + count)


def reset_sequences(*models):
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def bulk_users(count, role, **fields):
    """``count`` users sharing one password hash (hashing is the slow part)."""
    User = factories.User
    password = make_password(PASSWORD)
    emails = [unique_email(role) for _ in range(count)]
    User.objects.bulk_create(
        [
            User(username=email.split("@")[0], email=email, password=password, **fields)
            for email in emails
        ],
        batch_size=1000,
    )
    return list(User.objects.filter(email__in=emails).order_by("pk"))


def bulk_vendors(count):
    """``count`` partners, each with one dashboard user."""
    users = bulk_users(count, "vendor")
    permission = Permission.objects.get(
        codename="dashboard_access", content_type__app_label="partner"
    )
    permission.user_set.add(*users)
    partners = Partner.objects.bulk_create(
        [Partner(name=f"Vendor {user.email}") for user in users]
    )
    for user, partner in zip(users, partners, strict=True):
        partner.users.add(user)
    return partners


class MarketplaceLoader:
    """Writes projects, their proposals, milestones and milestone items with COPY.

    ``shape(number)`` says, for project ``number``, the project's status and the
    status of each proposal (one per vendor, in turn); accepted proposals get
    their first milestone ready to pay. Amounts are the sums of the items.
    ``fields(number)``, if given, sets other fields of the project's row (its
    dates, its type).
    """

    def __init__(
        self, customers, partners, milestones=2, items=5, title=None, fields=None
    ):
        self.customers = customers
        self.partners = partners
        self.milestones = milestones
        self.items = items
        self.title = title or (lambda number: f"Project {number}")
        self.fields = fields or (lambda number: {})
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.amount = UNIT_PRICE * items

    @staticmethod
    def pick(choices, pk, offset):
        """Spread projects over users by tens, so each gets every ``shape``."""
        return choices[(pk // 10 + offset) % len(choices)]

    def load(self, projects, shape):
        """Append ``projects`` projects; returns their ids (a range)."""
        with transaction.atomic():
            project_ids = next_ids(Project, projects)
            plan = [(pk, *shape(pk)) for pk in project_ids]
            proposal_ids = iter(
                next_ids(Proposal, sum(len(statuses) for *_, statuses in plan))
            )
            project_rows, proposal_rows = [], []
            for pk, status, statuses in plan:
                project_rows.append(self.project(pk, status))
                proposal_rows.extend(
                    self.proposal(next(proposal_ids), pk, offset, proposal_status)
                    for offset, proposal_status in enumerate(statuses)
                )
            milestone_rows = self.milestones_of(proposal_rows)
            copy_rows(Project, project_rows)
            copy_rows(Proposal, proposal_rows)
            copy_rows(Milestone, milestone_rows)
            copy_rows(MilestoneItem, self.items_of(milestone_rows))
            reset_sequences(Project, Proposal, Milestone, MilestoneItem)
        with connection.cursor() as cursor:
            for model in (Project, Proposal, Milestone, MilestoneItem):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
        return project_ids

    def project(self, pk, status):
        return {
            "id": pk,
            "customer_id": self.pick(self.customers, pk, 0).pk,
            "title": self.title(pk),
            "description": f"What project {pk} needs, in a few words.",
            "budget": self.amount * self.milestones,
            "currency": "GBP",
            "bidding_deadline": self.today + datetime.timedelta(days=30),
            "status": status,
            "date_created": self.now - datetime.timedelta(seconds=pk),
            **self.fields(pk),
        }

    def proposal(self, pk, project_pk, offset, status):
        created = self.now - datetime.timedelta(seconds=project_pk)
        return {
            "id": pk,
            "project_id": project_pk,
            "partner_id": self.pick(self.partners, project_pk, offset).pk,
            "cover_letter": "We have done this before.",
            "delivery_days": 30,
            "currency": "GBP",
            "amount_excl_tax": self.amount * self.milestones,
            "amount_incl_tax": self.amount * self.milestones,
            "status": status,
            "date_created": created,
            "date_submitted": None if status == Proposal.DRAFT else created,
            "date_decided": self.now if status == Proposal.ACCEPTED else None,
        }

    def milestones_of(self, proposals):
        ids = iter(next_ids(Milestone, len(proposals) * self.milestones))
        rows = []
        for proposal in proposals:
            for number in range(1, self.milestones + 1):
                ready = proposal["status"] == Proposal.ACCEPTED and number == 1
                rows.append(
                    {
                        "id": next(ids),
                        "proposal_id": proposal["id"],
                        "number": number,
                        "title": f"Stage {number}",
                        "due_date": self.today + datetime.timedelta(days=30 * number),
                        "status": Milestone.READY_TO_PAY
                        if ready
                        else Milestone.PENDING,
                        "amount_excl_tax": self.amount,
                        "amount_incl_tax": self.amount,
                        "date_ready": self.now if ready else None,
                    }
                )
        return rows

    def items_of(self, milestones):
        """The items' rows, made while COPY runs; their ids are drawn before."""
        ids = iter(next_ids(MilestoneItem, len(milestones) * self.items))
        return (
            {
                "id": next(ids),
                "milestone_id": milestone["id"],
                "position": position,
                "description": f"Work item {position + 1}",
                "quantity": 1,
                "unit_price": UNIT_PRICE,
                "tax_rate": Decimal("0"),
                "tax": Decimal("0.00"),
            }
            for milestone in milestones
            for position in range(self.items)
        )


def projects_in(queryset, pks):
    return queryset.filter(pk__gte=pks.start, pk__lt=pks.stop).order_by("pk")


def open_with_proposal(_pk):
    """A :class:`MarketplaceLoader` shape: an open project, one submitted proposal."""
    return Project.OPEN, [Proposal.SUBMITTED]


def index_projects(pks):
    """Add the projects ``pks`` (a range) to the search index, as
    ``update_index`` would, in one commit: Whoosh merges segments at each."""
    alias = setting("OSCAR_BIDDING_SEARCH_CONNECTION")
    connection = search_connections[alias]
    backend = connection.get_backend()
    index = connection.get_unified_index().get_index(Project)
    backend.update(index, projects_in(index.index_queryset(using=alias), pks))


def ready_milestones(customer, partner, count, items):
    """``count`` awarded projects of ``customer``, each with milestone 1 of
    ``items`` items ready to pay; returns the milestones."""
    loader = MarketplaceLoader([customer], [partner], milestones=1, items=items)
    project_ids = loader.load(count, lambda _pk: (Project.AWARDED, [Proposal.ACCEPTED]))
    projects = projects_in(Project.objects.all(), project_ids)
    return list(Milestone.objects.filter(proposal__project__in=projects).order_by("pk"))
