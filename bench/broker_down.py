"""Table 5: accepting a proposal and placing an order, broker up and broker down.

A shop that never set up Celery's retry settings: the web process sends tasks
to Redis (``REDIS_URL``) with Celery's defaults, or to a port nothing listens
on, as when the broker is down. Each request writes an e-mail to the outbox and
enqueues it after the commit; with the broker down the request must not wait
for it. Django's test client, one process; only the POST is timed.
"""

import os
import time

from django.test import Client
from django.urls import reverse

from bench import data
from bench.place_order import MilestoneOrders, alternate
from bench.report import median, ms, table
from tests import factories
from tests.worker import free_port, publishing_to

WARM_UP = 2


def runs():
    return int(os.environ.get("BENCH_BROKER_DOWN_RUNS", "10"))


class Acceptances:
    name = "Accept a proposal"

    def __init__(self):
        self.customer = data.customer()
        self.vendor = data.vendor()
        self.client = Client()
        self.client.force_login(self.customer)

    def timed(self):
        project = factories.make_project(self.customer)
        proposal = factories.make_proposal(project, self.vendor, milestones=1)
        url = reverse("bidding:proposal-accept", args=[proposal.pk])
        started = time.perf_counter()
        response = self.client.post(url)
        elapsed = time.perf_counter() - started
        assert response.status_code == 302, response.status_code
        return elapsed


def measure(broker_url, count):
    """Seconds per POST of each kind through ``broker_url``, warm-up left out."""
    with publishing_to(broker_url):
        kinds = [Acceptances(), MilestoneOrders(WARM_UP + count)]
        return alternate(kinds, count, WARM_UP)


def run():
    count = runs()
    brokers = {
        "up": os.environ["REDIS_URL"],
        "down": f"redis://127.0.0.1:{free_port()}/0",
    }
    rows = []
    for state, url in brokers.items():
        for name, values in measure(url, count).items():
            rows.append([name, f"broker {state}", ms(median(values)), ms(max(values))])
    print(
        table(
            f"Request time with the broker up and down, {count} runs each "
            f"after {WARM_UP} warm-up runs",
            ["Request", "Broker", "Median ms", "Max ms"],
            rows,
        )
    )
