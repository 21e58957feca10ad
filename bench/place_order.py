"""Table 2: time to place an order, milestone of 50 items vs one plain product.

One process, one database, Django's test client (every middleware, no HTTP):
the two kinds of order alternate, so that noise from the machine falls on both
alike. Only the place-order POST is timed; the basket is filled and checkout
walked before it, as the customer does.
"""

import os
import time

from django.test import Client
from django.urls import reverse

from bench import data
from bench.report import median, ms, percentile, table
from tests.checkout import fill_basket, walk_checkout

#: A milestone of many items, as real projects have (hours, visits, materials),
#: against the cheapest plain Oscar order.
ITEMS = 50
PRODUCTS = 1
WARM_UP = 3
PLACE_ORDER = {"action": "place_order"}


def runs():
    return int(os.environ.get("BENCH_PLACE_ORDER_RUNS", "30"))


def timed_place_order(client):
    started = time.perf_counter()
    response = client.post(reverse("checkout:preview"), PLACE_ORDER)
    elapsed = time.perf_counter() - started
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.url == reverse("checkout:thank-you"), response.url
    return elapsed


class MilestoneOrders:
    name = f"Milestone of {ITEMS} items"

    def __init__(self, count):
        self.customer = data.customer()
        partner = data.vendor().partners.get()
        self.milestones = iter(
            data.ready_milestones(self.customer, partner, count, ITEMS)
        )
        self.client = Client()
        self.client.force_login(self.customer)

    def timed(self):
        fill_basket(self.client, self.customer, next(self.milestones))
        walk_checkout(self.client)
        return timed_place_order(self.client)


class PlainOrders:
    name = f"Plain Oscar, {PRODUCTS} product"

    def __init__(self):
        self.customer = data.customer()
        self.products = data.plain_products(PRODUCTS)
        self.client = Client()
        self.client.force_login(self.customer)

    def timed(self):
        self.client.get(reverse("basket:summary"))
        data.fill_with_products(self.customer, self.products)
        walk_checkout(self.client)
        return timed_place_order(self.client)


def alternate(kinds, count, warm_up=WARM_UP):
    """Seconds per ``timed()`` request of each kind, ``count`` runs after
    ``warm_up`` left out; the kinds alternate, so that noise from the machine
    falls on all alike."""
    times = {kind.name: [] for kind in kinds}
    for run in range(warm_up + count):
        for kind in kinds if run % 2 else reversed(kinds):
            elapsed = kind.timed()
            if run >= warm_up:
                times[kind.name].append(elapsed)
    return times


def measure(count):
    """Seconds per place-order POST of each kind, warm-up runs left out."""
    return alternate([MilestoneOrders(WARM_UP + count), PlainOrders()], count)


def run():
    count = runs()
    times = measure(count)
    rows = [
        [name, len(values), ms(median(values)), ms(percentile(values, 0.95))]
        for name, values in times.items()
    ]
    milestone, plain = times.values()
    rows.append(
        [
            "Ratio milestone / plain (target <= 1.2)",
            "",
            f"{median(milestone) / median(plain):.2f}",
            f"{percentile(milestone, 0.95) / percentile(plain, 0.95):.2f}",
        ]
    )
    print(
        table(
            f"Place-order POST time, {count} runs each after {WARM_UP} warm-up runs",
            ["Order", "Runs", "Median ms", "p95 ms"],
            rows,
        )
    )
