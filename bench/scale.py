"""Table 4: the vendor and customer pages at 1,000 and at 100,000 proposals.

Each size is a shop of its own, in a database and a search index of its own,
bulk-loaded with COPY: two proposals per project, two milestones of five items
per proposal (a million milestone items at 100,000 proposals), 50 vendors,
200 customers.

The shop is a marketplace over time. It posts :data:`POSTED_PER_DAY` projects
a day, each taking proposals for :data:`BIDDING_DAYS` days; a project whose
deadline passed has been awarded, completed, cancelled or closed
(``bidding_close_expired`` closes those nobody won). 500 projects are the
shop's first eleven days, nearly all still taking proposals; 50,000 are three
years, and only the last month's are open. The open projects are the only
ones indexed. Projects have a type from a tree of twelve (one in six has
none), each vendor offering some; one in five is invite-only, with three
vendors invited.

The timed vendor searches as every vendor does: the types its partner offers
and its invitations filter the hits, in the search engine and in the database.
"Greenhouse" is in 30 open projects at both sizes, 20 of which the vendor may
bid on; the page is checked to show exactly those 20. "Kitchen" is in one
project in five.

The two shops are timed alternately, a request of each page of one and then
of the other in every round, so that the noise of a shared machine falls on
both sizes alike. ``EXPLAIN ANALYZE`` then shows how PostgreSQL reads the
pages' main queries in the large shop.
"""

import datetime
import os
import time

import haystack
from django.conf import settings
from django.db import connection, connections
from django.db.utils import load_backend
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from bench import data, database
from bench.queries import statement
from bench.report import median, ms, percentile, table
from oscar_bidding.conf import setting

Invitation = get_model("bidding", "Invitation")
Milestone = get_model("bidding", "Milestone")
MilestoneItem = get_model("bidding", "MilestoneItem")
Project = get_model("bidding", "Project")
ProjectType = get_model("bidding", "ProjectType")
Proposal = get_model("bidding", "Proposal")

VENDORS = 50
CUSTOMERS = 200
PROPOSALS_PER_PROJECT = 2
MILESTONES = 2
ITEMS = 5
WARM_UP = 3
#: Projects the shop posts a day: 50,000 in three years.
POSTED_PER_DAY = 46
#: Days a project takes proposals (its bidding deadline after posting).
BIDDING_DAYS = 30
WORDS = ["Kitchen", "Bathroom", "Garden", "Roof", "Garage"]
KINDS = ["refit", "repair", "extension", "survey"]
#: A word of open projects only, the same number of them at both sizes: a
#: search whose answer stays the same size while the marketplace grows.
RARE = "Greenhouse"
#: Open projects with the rare word the timed vendor may bid on, and others
#: (invite-only without it, or of a type it does not offer) it may not.
RARE_FOUND, RARE_HIDDEN = 20, 10
#: The project types: three roots of three children each.
TYPES = {
    "Building": ["Kitchens", "Bathrooms", "Extensions"],
    "Gardens": ["Landscaping", "Fencing", "Tree surgery"],
    "Repairs": ["Roofing", "Plumbing", "Electrics"],
}
#: One project in UNTYPED has no type; one in INVITE_ONLY is invite-only,
#: with INVITED vendors invited.
UNTYPED, INVITE_ONLY, INVITED = 6, 5, 3

#: A project still taking proposals: its status, and its proposals', by
#: project number modulo 10. Customers award a few before the deadline.
BIDDING = [
    *[(Project.OPEN, [Proposal.SUBMITTED, Proposal.SUBMITTED])] * 4,
    *[(Project.OPEN, [Proposal.SUBMITTED, Proposal.DRAFT])] * 3,
    *[(Project.AWARDED, [Proposal.ACCEPTED, Proposal.REJECTED])] * 2,
    (Project.CANCELLED, [Proposal.WITHDRAWN, Proposal.REJECTED]),
]
#: A project whose bidding deadline passed.
ENDED = [
    *[(Project.COMPLETED, [Proposal.COMPLETED, Proposal.REJECTED])] * 4,
    *[(Project.AWARDED, [Proposal.ACCEPTED, Proposal.REJECTED])] * 3,
    *[(Project.CLOSED, [Proposal.REJECTED, Proposal.DECLINED])] * 2,
    (Project.CANCELLED, [Proposal.WITHDRAWN, Proposal.REJECTED]),
]


def stages():
    sizes = os.environ.get("BENCH_SCALE_PROPOSALS", "1000,100000")
    return [int(size) for size in sizes.split(",")]


def runs():
    return int(os.environ.get("BENCH_SCALE_RUNS", "15"))


class Plan:
    """What each of ``count`` projects is: its dates, status, type, audience
    and title, decided from its number alone."""

    def __init__(self, count, type_ids, offered, partners):
        self.count = count
        self.type_ids = type_ids
        self.offered = offered
        self.partners = partners
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.rare = {}

    def posted(self, pk):
        """The newest project (the highest number) was posted now."""
        return self.now - datetime.timedelta(days=(self.count - pk) / POSTED_PER_DAY)

    def deadline(self, pk):
        return timezone.localdate(self.posted(pk)) + datetime.timedelta(
            days=BIDDING_DAYS
        )

    def shape(self, pk):
        shapes = BIDDING if self.deadline(pk) >= self.today else ENDED
        return shapes[pk % len(shapes)]

    def project_type(self, pk):
        if pk % UNTYPED == 0:
            return None
        return self.type_ids[pk // UNTYPED % len(self.type_ids)]

    def invite_only(self, pk):
        return pk % INVITE_ONLY == 2

    def invited(self, pk):
        """The partners invited to project ``pk``: none unless invite-only."""
        if not self.invite_only(pk):
            return []
        first = pk // INVITE_ONLY
        return [
            self.partners[(first + 7 * n) % len(self.partners)] for n in range(INVITED)
        ]

    def fields(self, pk):
        return {
            "date_created": self.posted(pk),
            "bidding_deadline": self.deadline(pk),
            "project_type_id": self.project_type(pk),
            "invite_only": self.invite_only(pk),
        }

    def may_bid(self, pk, partner):
        """:func:`oscar_bidding.access.biddable_projects`, for an open project."""
        if partner in self.invited(pk):
            return True
        project_type = self.project_type(pk)
        return not self.invite_only(pk) and (
            project_type is None or project_type in self.offered
        )

    def place_rare_word(self, partner):
        """The newest open projects get the rare word: RARE_FOUND that
        ``partner`` may bid on, RARE_HIDDEN it may not."""
        wanted = {True: RARE_FOUND, False: RARE_HIDDEN}
        for pk in range(self.count, 0, -1):
            if self.shape(pk)[0] != Project.OPEN:
                continue
            visible = self.may_bid(pk, partner)
            if wanted[visible]:
                wanted[visible] -= 1
                self.rare[pk] = visible
            if not any(wanted.values()):
                return
        raise ValueError(f"Too few open projects for {RARE_FOUND + RARE_HIDDEN}.")

    def title(self, pk):
        if pk in self.rare:
            return f"{RARE} {KINDS[pk % len(KINDS)]} no. {pk}"
        return f"{WORDS[pk % len(WORDS)]} {KINDS[pk // 10 % len(KINDS)]} no. {pk}"


class Shop:
    """A marketplace of ``proposals`` proposals, in its own database and
    search index, with a database connection and a search connection kept
    open while the other shop is timed."""

    def __init__(self, proposals):
        self.proposals = proposals
        self.database = f"bidding_bench_scale_{proposals}"
        self.alias = setting("OSCAR_BIDDING_SEARCH_CONNECTION")
        self.index_path = os.path.join(
            os.environ.get("BENCH_WHOOSH_PATH", "/tmp"), f"scale-{proposals}"
        )
        self.db_connection = self.search_connection = None
        self.clients = {}

    def build(self):
        """Create and load the shop; returns seconds spent loading and indexing."""
        database.create(self.database, template=database.TEMPLATE)
        options = {**connections["default"].settings_dict, "NAME": self.database}
        self.db_connection = load_backend(options["ENGINE"]).DatabaseWrapper(
            options, "default"
        )
        connections["default"] = self.db_connection
        settings.HAYSTACK_CONNECTIONS[self.alias]["PATH"] = self.index_path
        self.search_connection = haystack.connections.reload(self.alias)
        started = time.perf_counter()
        project_ids = self.load()
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        data.index_projects(project_ids)
        indexed = time.perf_counter() - started
        self.pages = Pages(self)
        return loaded, indexed

    def load(self):
        customers = data.bulk_users(CUSTOMERS, "scale-customer")
        self.partners = data.bulk_vendors(VENDORS)
        self.staff = data.staff()
        type_ids, offerings = self.project_types()
        vendor = self.partners[0]
        offered = offered_types(offerings[vendor.pk], type_ids)
        self.projects = self.proposals // PROPOSALS_PER_PROJECT
        plan = Plan(self.projects, type_ids, offered, [p.pk for p in self.partners])
        plan.place_rare_word(vendor.pk)
        loader = data.MarketplaceLoader(
            customers,
            self.partners,
            milestones=MILESTONES,
            items=ITEMS,
            title=plan.title,
            fields=plan.fields,
        )
        project_ids = loader.load(self.projects, plan.shape)
        invited = [(pk, partner) for pk in project_ids for partner in plan.invited(pk)]
        ids = data.next_ids(Invitation, len(invited))
        data.copy_rows(
            Invitation,
            (
                {"id": pk, "project_id": project, "partner_id": partner}
                for pk, (project, partner) in zip(ids, invited, strict=True)
            ),
        )
        data.reset_sequences(Invitation)
        self.open = sum(1 for pk in project_ids if plan.shape(pk)[0] == Project.OPEN)
        self.vacuum()
        return project_ids

    def project_types(self):
        """The type tree, and each partner's offerings: a root (so its
        children too) and a child of the next root."""
        roots = [ProjectType.objects.create(name=name) for name in TYPES]
        children = [
            [
                ProjectType.objects.create(name=name, parent=root)
                for name in TYPES[root.name]
            ]
            for root in roots
        ]
        offerings = {}
        Offering = ProjectType.partners.through
        rows = []
        for number, partner in enumerate(self.partners):
            root = number % len(roots)
            child = children[(root + 1) % len(roots)][number // len(roots) % 3]
            offerings[partner.pk] = [roots[root].pk, child.pk]
            rows += [
                Offering(projecttype_id=pk, partner_id=partner.pk)
                for pk in offerings[partner.pk]
            ]
        Offering.objects.bulk_create(rows)
        type_ids = [t.pk for t in roots] + [t.pk for row in children for t in row]
        return type_ids, offerings

    def vacuum(self):
        """As a shop's tables are: vacuumed and analysed (autovacuum would do
        it during the timing otherwise)."""
        with connection.cursor() as cursor:
            for model in (Project, Proposal, Milestone, MilestoneItem, Invitation):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")

    def activate(self):
        """Make this shop's database and search index the ones requests use."""
        connections["default"] = self.db_connection
        haystack.connections.thread_local.connections[self.alias] = (
            self.search_connection
        )
        settings.HAYSTACK_CONNECTIONS[self.alias]["PATH"] = self.index_path
        connection.ensure_connection()

    def client(self, user):
        if user.pk not in self.clients:
            self.clients[user.pk] = Client()
            self.clients[user.pk].force_login(user)
        return self.clients[user.pk]

    def close(self):
        self.db_connection.close()
        database.drop(self.database)


def offered_types(offerings, type_ids):
    """The types ``offerings`` covers: a root covers its children."""
    found = set(offerings)
    for pk in offerings:
        found |= set(
            ProjectType.objects.filter(parent_id=pk).values_list("pk", flat=True)
        )
    return found & set(type_ids)


class Pages:
    """The timed pages, each as (name, user, path), alike in both shops."""

    SEARCH_RARE = f"Open Projects search '{RARE}' ({RARE_FOUND} found)"

    def __init__(self, shop):
        partner = shop.partners[0]
        vendor = partner.users.get()
        proposal = (
            Proposal.objects.filter(status=Proposal.ACCEPTED, partner=partner)
            .select_related("project__customer")
            .order_by("pk")
            .first()
        )
        projects = reverse("bidding_dashboard:project-list")
        proposals = reverse("bidding_dashboard:proposal-list")
        self.shop = shop
        self.pages = [
            ("Manage Proposals (staff)", shop.staff, proposals),
            ("Manage Proposals (vendor)", vendor, proposals),
            (
                "Proposal Details (customer)",
                proposal.project.customer,
                proposal.get_absolute_url(),
            ),
            (
                "Manage Proposals: proposal (vendor)",
                vendor,
                proposal.get_dashboard_url(),
            ),
            (self.SEARCH_RARE, vendor, f"{projects}?q={RARE}"),
            (f"Open Projects search '{WORDS[0]}'", vendor, f"{projects}?q={WORDS[0]}"),
            ("Open Projects, no search (database only)", vendor, projects),
        ]

    def check(self):
        """The rare word's search shows exactly the projects the vendor may bid on."""
        name, user, path = next(
            page for page in self.pages if page[0] == self.SEARCH_RARE
        )
        html = self.shop.client(user).get(path).content.decode()
        found = html.count(f">{RARE} ")
        assert found == RARE_FOUND, (self.shop.proposals, found)

    def request(self, name, user, path):
        """Seconds of one request, of its queries, and how many queries."""
        timer = QueryTimer()
        client = self.shop.client(user)
        with connection.execute_wrapper(timer):
            started = time.perf_counter()
            response = client.get(path)
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, (path, response.status_code)
        return elapsed, timer.seconds, timer.count

    def explain(self):
        """Each page's queries on the marketplace's tables, with the scans
        PostgreSQL chose for them (``EXPLAIN ANALYZE``)."""
        lines = []
        for name, user, path in self.pages:
            with CaptureQueriesContext(connection) as queries:
                self.shop.client(user).get(path)
            for query in queries:
                sql = query["sql"]
                if sql.startswith("SELECT") and '"bidding_' in sql:
                    scans, runtime = plan(sql)
                    lines.append(f"{name}: {statement(sql)} ({runtime})")
                    lines.extend(f"    {scan}" for scan in scans)
        return lines


def time_alternately(shops, count):
    """For each shop, each page's request seconds, query seconds and query
    counts, over ``count`` rounds after WARM_UP; every round requests every
    page of each shop in turn."""
    results = {
        shop: {name: ([], [], set()) for name, *_ in shop.pages.pages} for shop in shops
    }
    for run in range(WARM_UP + count):
        for shop in shops:
            shop.activate()
            for name, user, path in shop.pages.pages:
                elapsed, database_seconds, queries = shop.pages.request(
                    name, user, path
                )
                if run >= WARM_UP:
                    durations, database_times, counts = results[shop][name]
                    durations.append(elapsed)
                    database_times.append(database_seconds)
                    counts.add(queries)
    return results


class QueryTimer:
    """Adds up the time the queries of a request take, round trips included,
    and counts them."""

    def __init__(self):
        self.seconds = 0
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        self.count += 1
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def plan(sql):
    """The scan lines of the query's plan, and its execution time."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) {sql}")
        lines = [row[0] for row in cursor.fetchall()]
    scans = [
        line.strip().removeprefix("-> ").strip()
        for line in lines
        if "Scan" in line and "never executed" not in line
    ]
    runtime = next(line for line in lines if line.startswith("Execution Time"))
    return list(dict.fromkeys(scans)), runtime.split(": ")[1]


def queries(small, large):
    """The page's query count, one figure when it was the same at every
    request of both sizes; else each size's counts."""
    if len(small | large) == 1:
        return str(*small)
    return " vs ".join("/".join(map(str, sorted(counts))) for counts in (small, large))


def run():
    original = connections["default"]
    alias = setting("OSCAR_BIDDING_SEARCH_CONNECTION")
    path = settings.HAYSTACK_CONNECTIONS[alias]["PATH"]
    shops = [Shop(size) for size in stages()]
    loads = []
    try:
        for shop in shops:
            loads.append((shop, *shop.build()))
        for shop in shops:
            shop.activate()
            shop.pages.check()
        results = time_alternately(shops, runs())
        report(shops, results, loads)
    finally:
        connections["default"] = original
        for shop in shops:
            if shop.db_connection is not None:
                shop.close()
        settings.HAYSTACK_CONNECTIONS[alias]["PATH"] = path
        haystack.connections.reload(alias)


def report(shops, results, loads):
    small, large = shops[0], shops[-1]
    rows = []
    for name, (durations, database_times, counts) in results[large].items():
        before, database_before, counts_before = results[small][name]
        rows.append(
            [
                name,
                ms(median(before)),
                ms(median(durations)),
                ms(percentile(durations, 0.95)),
                f"{median(durations) / median(before):.2f}",
                ms(median(database_before)),
                ms(median(database_times)),
                queries(counts_before, counts),
            ]
        )
    print(
        table(
            f"Scale: page time at {small.proposals:,} and {large.proposals:,} "
            f"proposals, median of {runs()} requests each, alternately (ms)",
            [
                "Page",
                f"{small.proposals:,}",
                f"{large.proposals:,}",
                f"p95 at {large.proposals:,}",
                "Ratio (target <= 1.5)",
                f"DB at {small.proposals:,}",
                f"DB at {large.proposals:,}",
                "Queries (both sizes)",
            ],
            rows,
        )
    )
    print(
        table(
            "Scale: the shops, their bulk load (COPY) and search indexing",
            [
                "Proposals",
                "Projects",
                "Open (indexed)",
                "Milestone items",
                "Load s",
                "Index s",
            ],
            [
                [
                    f"{shop.proposals:,}",
                    f"{shop.projects:,}",
                    f"{shop.open:,}",
                    f"{shop.proposals * MILESTONES * ITEMS:,}",
                    f"{load:.1f}",
                    f"{index:.1f}",
                ]
                for shop, load, index in loads
            ],
        )
    )
    large.activate()
    print(
        f"\n### EXPLAIN ANALYZE at {large.proposals:,} proposals: "
        "the scans of each query\n"
    )
    print("\n".join(["```", *large.pages.explain(), "```"]))
