"""Table 4: the vendor and customer pages at 1,000 and at 100,000 proposals.

The marketplace is bulk-loaded with COPY: two proposals per project, two
milestones of five items per proposal (a million milestone items at 100,000
proposals), projects in every status. The same proposal, vendor and searches
are timed at both sizes, then ``EXPLAIN ANALYZE`` shows how PostgreSQL reads
the pages' main queries.
"""

import os
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from bench import data
from bench.queries import statement
from bench.report import median, ms, percentile, table

Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")

VENDORS = 50
CUSTOMERS = 200
PROPOSALS_PER_PROJECT = 2
MILESTONES = 2
ITEMS = 5
WARM_UP = 3
WORDS = ["Kitchen", "Bathroom", "Garden", "Roof", "Garage"]
KINDS = ["refit", "repair", "extension", "survey"]
#: Found in 20 open projects of the first load only: a search whose answer
#: stays the same size while the marketplace grows.
RARE = "Greenhouse"

#: Project status and its proposals' statuses, by project number modulo 10.
SHAPES = [
    (Project.OPEN, [Proposal.SUBMITTED, Proposal.SUBMITTED]),
    (Project.OPEN, [Proposal.SUBMITTED, Proposal.DRAFT]),
    *[(Project.AWARDED, [Proposal.ACCEPTED, Proposal.REJECTED])] * 5,
    (Project.COMPLETED, [Proposal.COMPLETED, Proposal.REJECTED]),
    (Project.CANCELLED, [Proposal.WITHDRAWN, Proposal.SUBMITTED]),
    (Project.CLOSED, [Proposal.SUBMITTED, Proposal.DECLINED]),
]


def stages():
    sizes = os.environ.get("BENCH_SCALE_PROPOSALS", "1000,100000")
    return [int(size) for size in sizes.split(",")]


def runs():
    return int(os.environ.get("BENCH_SCALE_RUNS", "15"))


def shape(pk):
    return SHAPES[pk % len(SHAPES)]


class Marketplace:
    def __init__(self):
        self.customers = data.bulk_users(CUSTOMERS, "scale-customer")
        self.partners = data.bulk_vendors(VENDORS)
        self.staff = data.staff()
        self.loaded = 0

    def grow_to(self, proposals):
        """Load projects until there are ``proposals`` proposals; index them.

        Returns the seconds spent loading and indexing.
        """
        first = self.loaded == 0
        projects = (proposals - self.loaded) // PROPOSALS_PER_PROJECT
        loader = data.MarketplaceLoader(
            self.customers,
            self.partners,
            milestones=MILESTONES,
            items=ITEMS,
            title=self.rare_title if first else self.title,
        )
        started = time.perf_counter()
        project_ids = loader.load(projects, shape)
        loaded = time.perf_counter() - started
        self.loaded = proposals
        started = time.perf_counter()
        data.index_projects(project_ids)
        return loaded, time.perf_counter() - started

    def title(self, pk):
        return f"{WORDS[pk % len(WORDS)]} {KINDS[pk // 10 % len(KINDS)]} no. {pk}"

    def rare_title(self, pk):
        if pk <= 100 and shape(pk)[0] == Project.OPEN:
            return f"{RARE} {KINDS[pk % len(KINDS)]} no. {pk}"
        return self.title(pk)


class Pages:
    """The timed pages, each as (name, user, path), on the same rows at each size."""

    def __init__(self, marketplace):
        partner = marketplace.partners[0]
        vendor = partner.users.get()
        proposal = (
            Proposal.objects.filter(status=Proposal.ACCEPTED, partner=partner)
            .select_related("project__customer")
            .order_by("pk")
            .first()
        )
        projects = reverse("bidding_dashboard:project-list")
        proposals = reverse("bidding_dashboard:proposal-list")
        self.pages = [
            ("Manage Proposals (staff)", marketplace.staff, proposals),
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
            (
                f"Open Projects search '{RARE}' (20 found)",
                vendor,
                f"{projects}?q={RARE}",
            ),
            (f"Open Projects search '{WORDS[0]}'", vendor, f"{projects}?q={WORDS[0]}"),
            ("Open Projects, no search (database only)", vendor, projects),
        ]
        self.clients = {}

    def client(self, user):
        if user.pk not in self.clients:
            self.clients[user.pk] = Client()
            self.clients[user.pk].force_login(user)
        return self.clients[user.pk]

    def time(self, count):
        """Seconds of each page over ``count`` requests, and of its queries."""
        results = {}
        for name, user, path in self.pages:
            client = self.client(user)
            durations, database = [], []
            for run in range(WARM_UP + count):
                timer = QueryTimer()
                with connection.execute_wrapper(timer):
                    started = time.perf_counter()
                    response = client.get(path)
                    elapsed = time.perf_counter() - started
                assert response.status_code == 200, (path, response.status_code)
                if run >= WARM_UP:
                    durations.append(elapsed)
                    database.append(timer.seconds)
            results[name] = durations, database
        return results

    def explain(self):
        """Each page's queries on the marketplace's tables, with the scans
        PostgreSQL chose for them (``EXPLAIN ANALYZE``)."""
        lines = []
        for name, user, path in self.pages:
            with CaptureQueriesContext(connection) as queries:
                self.client(user).get(path)
            for query in queries:
                sql = query["sql"]
                if sql.startswith("SELECT") and '"bidding_' in sql:
                    scans, runtime = plan(sql)
                    lines.append(f"{name}: {statement(sql)} ({runtime})")
                    lines.extend(f"    {scan}" for scan in scans)
        return lines


class QueryTimer:
    """Adds up the time the queries of a request take, round trips included."""

    def __init__(self):
        self.seconds = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
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


def run():
    marketplace = Marketplace()
    pages = None
    timings, loads = [], []
    for size in stages():
        loads.append((size, *marketplace.grow_to(size)))
        pages = pages or Pages(marketplace)
        timings.append(pages.time(runs()))
    small, large = stages()[0], stages()[-1]
    first, last = timings[0], timings[-1]
    rows = []
    for name, (durations, database) in last.items():
        before, database_before = first[name]
        rows.append(
            [
                name,
                ms(median(before)),
                ms(median(durations)),
                ms(percentile(durations, 0.95)),
                f"{median(durations) / median(before):.2f}",
                ms(median(database_before)),
                ms(median(database)),
            ]
        )
    print(
        table(
            f"Scale: page time at {small:,} and {large:,} proposals, "
            f"median of {runs()} requests (ms)",
            [
                "Page",
                f"{small:,}",
                f"{large:,}",
                f"p95 at {large:,}",
                "Ratio (target <= 1.5)",
                f"DB at {small:,}",
                f"DB at {large:,}",
            ],
            rows,
        )
    )
    print(
        table(
            "Scale: bulk load (COPY) and search indexing",
            ["Proposals", "Milestone items", "Load s", "Index s"],
            [
                [
                    f"{size:,}",
                    f"{size * MILESTONES * ITEMS:,}",
                    f"{load:.1f}",
                    f"{index:.1f}",
                ]
                for size, load, index in loads
            ],
        )
    )
    print(f"\n### EXPLAIN ANALYZE at {large:,} proposals: the scans of each query\n")
    print("\n".join(["```", *pages.explain(), "```"]))
