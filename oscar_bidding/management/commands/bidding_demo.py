"""Demo data for the sandbox: accounts, a small catalogue, projects in every state.

Not for a real shop: it creates ``admin@example.com`` with the password
``admin`` and rewrites the Site's domain. It refuses to run unless ``DEBUG`` is
on (as in ``make sandbox``) or ``--force`` is given.

Idempotent: objects are found by their natural keys (username, partner name,
UPC, customer and project title) and only the missing ones are created, so a
second run creates nothing. State changes go through the services, as users
make them, with the notifier silenced: demo data is not news to e-mail about.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.sites.models import Site
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_class, get_model

from oscar_bidding.conf import setting

Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")
Rate = get_model("bidding", "Rate")
ProjectType = get_model("bidding", "ProjectType")
ProjectQuestion = get_model("bidding", "ProjectQuestion")
QuotableProductClass = get_model("bidding", "QuotableProductClass")
Notifier = get_class("bidding.notifications", "Notifier")
ProjectService = get_class("bidding.services.projects", "ProjectService")
ProposalService = get_class("bidding.services.proposals", "ProposalService")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")
MilestonePaymentService = get_class(
    "bidding.services.payments", "MilestonePaymentService"
)
Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")
NoShippingRequired = get_class("shipping.methods", "NoShippingRequired")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
OrderCreator = get_class("order.utils", "OrderCreator")
MilestoneSpec = get_class("bidding.services.proposals", "MilestoneSpec")
ItemSpec = get_class("bidding.services.proposals", "ItemSpec")

User = get_user_model()

DOMAIN = "127.0.0.1:8000"
VAT = Decimal("0.20")

#: e-mail, first and last name, staff; the password is the e-mail's local part.
ACCOUNTS = [
    ("admin@example.com", "Ada", "Admin", True),
    ("customer@example.com", "Carol", "Customer", False),
    ("customer2@example.com", "Colin", "Customer", False),
    ("vendor1@example.com", "Victor", "Vendor", False),
    ("vendor2@example.com", "Vera", "Vendor", False),
]
VENDORS = {"vendor1": "Vendor One Ltd", "vendor2": "Vendor Two Ltd"}
#: Each demo vendor's rates: name, rate type, price, tax rate.
RATES = [
    ("Labour", "hour", Decimal("45.00"), Decimal("0.2")),
    ("Call-out", "visit", Decimal("60.00"), Decimal("0.2")),
    ("Site survey", "fixed", Decimal("150.00"), Decimal("0.2")),
]

STORE = "Sandbox Store"
#: UPC, title, category, price.
BOOKS = [
    ("9780000000011", "Django for Shop Owners", "Books > Software", "24.99"),
    ("9780000000028", "Practical Project Management", "Books > Business", "19.50"),
    (
        "9780000000035",
        "The Home Renovation Handbook",
        "Books > Home and garden",
        "29.00",
    ),
    ("9780000000042", "Garden Design Basics", "Books > Home and garden", "15.00"),
]

#: Project types as (name, parent, [(question, kind, choices, required)]);
#: every demo vendor offers the root, and so its children.
PROJECT_TYPES = [
    (
        "Home renovation",
        None,
        [("Property", "one_choice", "House\nFlat", True)],
    ),
    (
        "Tiling",
        "Home renovation",
        [
            ("Area to tile (m²)", "number", "", True),
            ("Tiles chosen?", "yes_no", "", False),
        ],
    ),
]
#: Products customers ask quotes for (product type "Tiles", posting "Tiling"
#: projects), stocked by the first demo vendor: UPC, title, price.
TILES = [
    ("TILE-METRO", "Metro wall tile (m²)", "32.00"),
    ("TILE-SLATE", "Slate floor tile (m²)", "48.00"),
]

#: Milestones as (title, [(description, quantity, unit price excl. tax)]).
WEBSITE = [
    (
        "Design",
        [("Wireframes for eight pages", 1, "400.00"), ("Visual design", 1, "900.00")],
    ),
    ("Build", [("Page templates", 8, "150.00"), ("Content migration", 1, "350.00")]),
    ("Launch", [("Deployment", 1, "200.00"), ("Training (hours)", 3, "80.00")]),
]
KITCHEN = [
    (
        "Strip-out",
        [("Removal of the old units", 1, "450.00"), ("Skip hire", 1, "280.00")],
    ),
    ("Installation", [("Cabinets fitted", 12, "180.00"), ("Oak worktop", 1, "950.00")]),
]
BATHROOM = [
    ("Retiling", [("Wall tiles fitted (m²)", 18, "45.00"), ("Grouting", 1, "160.00")])
]
OFFICE = [
    (
        "Packing",
        [("Packing crates", 40, "3.50"), ("Packing team (hours)", 16, "28.00")],
    ),
    ("Move", [("Van and crew (day)", 1, "850.00")]),
]
LOGO = [
    ("Concepts", [("Three logo concepts", 1, "600.00")]),
    ("Final artwork", [("Logo files and brand guidelines", 1, "450.00")]),
]
SIGNAGE = [
    ("Sign", [("Illuminated fascia sign", 1, "1800.00"), ("Fitting", 1, "350.00")])
]


@dataclass
class Bid:
    vendor: str
    markup: Decimal = Decimal("1")
    submit: bool = True


@dataclass
class DemoProject:
    customer: str
    title: str
    description: str
    category: str
    budget: str | None
    plan: list
    bids: list[Bid] = field(default_factory=list)
    #: The project status to reach; the first bid is the one accepted.
    status: str = Project.OPEN
    attachment: bool = False


PROJECTS = [
    DemoProject(
        "customer",
        "Company website redesign",
        "A new website for our bakery: eight pages, online menu, contact form.",
        "Services > Web design",
        "6000.00",
        WEBSITE,
        [Bid("vendor1"), Bid("vendor2", Decimal("1.15"))],
        status=Project.AWARDED,
    ),
    DemoProject(
        "customer",
        "Kitchen refit",
        "Replace the twelve cabinets and the worktop; plans attached.",
        "Services > Home improvement",
        "8000.00",
        KITCHEN,
        [Bid("vendor1"), Bid("vendor2", Decimal("0.95"))],
        attachment=True,
    ),
    DemoProject(
        "customer",
        "Bathroom retiling",
        "Retile the bathroom walls, about 18 m².",
        "Services > Home improvement",
        None,
        BATHROOM,
        [Bid("vendor2")],
        status=Project.CANCELLED,
    ),
    DemoProject(
        "customer2",
        "Garden landscaping",
        "Turn a 60 m² lawn into a vegetable garden with paths.",
        "Services > Home improvement",
        "3000.00",
        [],
    ),
    DemoProject(
        "customer2",
        "Office move",
        "Move a ten-person office across town over a weekend.",
        "Services > Removals",
        "2500.00",
        OFFICE,
        [Bid("vendor2"), Bid("vendor1", Decimal("1.05"), submit=False)],
    ),
    DemoProject(
        "customer2",
        "Logo design",
        "A logo for our cycling club, with brand guidelines.",
        "Services > Graphic design",
        "1500.00",
        LOGO,
        [Bid("vendor2")],
        status=Project.COMPLETED,
    ),
    DemoProject(
        "customer2",
        "Shop signage",
        "An illuminated sign above the shop front.",
        "Services > Graphic design",
        "2000.00",
        SIGNAGE,
        [Bid("vendor1")],
        status=Project.CLOSED,
    ),
]


class SilentNotifier(Notifier):
    """Demo data is not news: nobody is e-mailed about it."""

    def _send(self, event_code, audience, **ids):
        pass

    def _inbox(self, event_code, proposal, audience, sender=None, **context):
        return []

    def notify_inbox(self, event_code, users, context, sender=None):
        return []


class Command(BaseCommand):
    help = "Create the sandbox's demo accounts, products and projects (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run with DEBUG off: creates admin/admin, sets the Site domain.",
        )

    def handle(self, *args, **options):
        if not (settings.DEBUG or options["force"]):
            raise CommandError(
                "bidding_demo creates an admin account with a known password and "
                "rewrites the Site's domain: it runs only with DEBUG on. Use "
                "--force to run it anyway."
            )
        self.created = []
        self.today = timezone.localdate()
        self.project_service = ProjectService()
        self.proposal_service = ProposalService()
        self.milestone_service = MilestoneService()
        self.project_service.notifier = SilentNotifier()
        self.proposal_service.notifier = SilentNotifier()
        self.milestone_service.notifier = SilentNotifier()
        self.payment_service = MilestonePaymentService()
        self.payment_service.notifier = SilentNotifier()
        with transaction.atomic():
            self.set_up_site()
            self.users = {
                user.username: user for user in map(self.set_up_account, ACCOUNTS)
            }
            self.set_up_catalogue()
            self.set_up_matching()
            for spec in PROJECTS:
                self.set_up_project(spec)
        if not self.created:
            self.stdout.write("Demo data already present: nothing created.")
        self.stdout.write("Log in with:")
        for email, *_ in ACCOUNTS:
            self.stdout.write(f"  {email:<24} password: {email.split('@')[0]}")

    def record(self, message):
        self.created.append(message)
        self.stdout.write(message)

    def set_up_site(self):
        site = Site.objects.get(pk=settings.SITE_ID)
        if site.domain != DOMAIN:
            site.domain = DOMAIN
            site.name = settings.OSCAR_SHOP_NAME
            site.save()
            self.record(f"Site domain set to {DOMAIN}")

    def set_up_account(self, account):
        email, first_name, last_name, is_staff = account
        username = email.split("@")[0]
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": email,
                "first_name": first_name,
                "last_name": last_name,
                "is_staff": is_staff,
                "is_superuser": is_staff,
            },
        )
        if created:
            user.set_password(username)
            user.save()
            self.record(f"Created user {email}")
        if username in VENDORS:
            self.set_up_vendor(user, VENDORS[username])
        return user

    def set_up_vendor(self, user, partner_name):
        partner, created = Partner.objects.get_or_create(name=partner_name)
        if created:
            self.record(f"Created partner {partner_name} for {user.email}")
        partner.users.add(user)
        for name, rate_type, price, tax_rate in RATES:
            _rate, created = Rate.objects.get_or_create(
                partner=partner,
                name=name,
                defaults={
                    "rate_type": rate_type,
                    "price": price,
                    "tax_rate": tax_rate,
                },
            )
            if created:
                self.record(f"Created rate {name!r} of {partner_name}")
        user.user_permissions.add(
            Permission.objects.get(
                codename="dashboard_access", content_type__app_label="partner"
            )
        )

    def set_up_catalogue(self):
        product_class, _ = ProductClass.objects.get_or_create(
            name="Book", defaults={"requires_shipping": True, "track_stock": True}
        )
        store, _ = Partner.objects.get_or_create(name=STORE)
        for upc, title, breadcrumbs, price in BOOKS:
            product, created = Product.objects.get_or_create(
                upc=upc,
                defaults={
                    "title": title,
                    "product_class": product_class,
                    "structure": Product.STANDALONE,
                    "is_public": True,
                },
            )
            if not created:
                continue
            ProductCategory.objects.create(
                product=product, category=create_from_breadcrumbs(breadcrumbs)
            )
            StockRecord.objects.create(
                product=product,
                partner=store,
                partner_sku=upc,
                price_currency=settings.OSCAR_DEFAULT_CURRENCY,
                price=Decimal(price),
                num_in_stock=100,
            )
            self.record(f"Created product {title}")

    def set_up_matching(self):
        """Project types with questions that the demo vendors offer, and tiles
        customers ask quotes for (Request a quote on their product pages)."""
        types = {}
        for name, parent, questions in PROJECT_TYPES:
            project_type, created = ProjectType.objects.get_or_create(
                name=name, defaults={"parent": types.get(parent)}
            )
            types[name] = project_type
            if not created:
                continue
            for position, (label, kind, choices, required) in enumerate(questions):
                ProjectQuestion.objects.create(
                    project_type=project_type,
                    label=label,
                    kind=kind,
                    choices=choices,
                    required=required,
                    position=position,
                )
            self.record(f"Created project type {name}")
        vendors = Partner.objects.filter(name__in=VENDORS.values())
        types[PROJECT_TYPES[0][0]].partners.add(*vendors)
        tiles, _ = ProductClass.objects.get_or_create(
            name="Tiles", defaults={"requires_shipping": True, "track_stock": True}
        )
        QuotableProductClass.objects.get_or_create(
            product_class=tiles, defaults={"project_type": types["Tiling"]}
        )
        stockist = Partner.objects.get(name=VENDORS["vendor1"])
        for upc, title, price in TILES:
            product, created = Product.objects.get_or_create(
                upc=upc,
                defaults={
                    "title": title,
                    "product_class": tiles,
                    "structure": Product.STANDALONE,
                    "is_public": True,
                },
            )
            if created:
                StockRecord.objects.create(
                    product=product,
                    partner=stockist,
                    partner_sku=upc,
                    price_currency=settings.OSCAR_DEFAULT_CURRENCY,
                    price=Decimal(price),
                    num_in_stock=500,
                )
                self.record(f"Created quotable product {title}")

    def set_up_project(self, spec):
        customer = self.users[spec.customer]
        if Project.objects.filter(customer=customer, title=spec.title).exists():
            return
        project = self.project_service.create(
            customer,
            attachments=[self.plans()] if spec.attachment else (),
            title=spec.title,
            description=spec.description,
            category=create_from_breadcrumbs(spec.category),
            budget=Decimal(spec.budget) if spec.budget else None,
            bidding_deadline=self.today + datetime.timedelta(days=21),
        )
        proposals = [self.propose(project, spec.plan, bid) for bid in spec.bids]
        outcomes = {
            Project.AWARDED: self.award,
            Project.COMPLETED: self.complete,
            Project.CANCELLED: self.cancel,
            Project.CLOSED: self.close,
        }
        if spec.status in outcomes:
            outcomes[spec.status](project, proposals)
        project.refresh_from_db()
        self.record(
            f"Created project {project.title!r} of {customer.email}: "
            f"{project.get_status_display().lower()}, {len(proposals)} proposal(s)"
        )

    def propose(self, project, plan, bid):
        partner = Partner.objects.get(name=VENDORS[bid.vendor])
        milestones = [
            MilestoneSpec(
                title=title,
                due_date=self.today + datetime.timedelta(days=30 * number),
                items=[
                    ItemSpec(
                        description,
                        quantity,
                        (Decimal(price) * bid.markup).quantize(Decimal("0.01")),
                        VAT,
                    )
                    for description, quantity, price in items
                ],
            )
            for number, (title, items) in enumerate(plan, start=1)
        ]
        return self.proposal_service.create(
            project,
            partner,
            self.users[bid.vendor],
            milestones,
            submit=bid.submit,
            cover_letter=f"{partner.name} would be glad to take on your project.",
            delivery_days=30 * len(plan),
        )

    def award(self, project, proposals):
        return self.proposal_service.accept(proposals[0])

    def complete(self, project, proposals):
        proposal = self.award(project, proposals)
        for milestone in proposal.milestones.order_by("number"):
            milestone.refresh_from_db()
            if milestone.status == milestone.PENDING:
                self.milestone_service.mark_ready(milestone)
            self.pay(milestone, project.customer)
            self.milestone_service.deliver(milestone, "Delivered as agreed.")
            self.milestone_service.approve(milestone, user=project.customer)

    def pay(self, milestone, customer):
        """Pay as checkout does: a locked basket, an order, the payment recorded."""
        basket, _created = Basket.open.get_or_create(owner=customer)
        self.payment_service.fill_basket(basket, milestone, customer)
        basket.strategy = Selector().strategy(user=customer)
        shipping_method = NoShippingRequired()
        shipping_charge = shipping_method.calculate(basket)
        with transaction.atomic():
            order = OrderCreator().place_order(
                basket=basket,
                total=OrderTotalCalculator().calculate(basket, shipping_charge),
                shipping_method=shipping_method,
                shipping_charge=shipping_charge,
                user=customer,
                status=setting("OSCAR_BIDDING_PAID_ORDER_STATUS"),
            )
            self.payment_service.record_payment(order, basket)
            basket.submit()

    def cancel(self, project, proposals):
        self.project_service.cancel(project)

    def close(self, project, proposals):
        self.project_service.close_bidding(project)

    def plans(self):
        return SimpleUploadedFile(
            "kitchen-plans.txt",
            b"Wall A: 4 base units, 3 wall units.\nWall B: 5 base units, sink.\n",
            content_type="text/plain",
        )
