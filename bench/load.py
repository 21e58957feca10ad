"""Table 3: the sandbox under gunicorn, customers checking out as browsers do.

gunicorn (2 sync workers) serves the bench settings on 127.0.0.1; a bounded
pool of threads (``BENCH_LOAD_THREADS``, 4) completes checkouts for
``BENCH_LOAD_SECONDS`` (60) each: milestone checkouts, then plain product
checkouts, taking turns. Both make the same requests — log in, put one line in
the basket (Pay, or add a product), checkout, preview, place order, thank-you —
so the difference is the milestone's own work. Traffic goes only to 127.0.0.1,
and every loop stops at its deadline.
"""

import itertools
import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from django.urls import reverse
from oscar.core.loading import get_model

from bench import data
from bench.report import median, ms, percentile, table

Order = get_model("order", "Order")

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
TIMEOUT = 30


def seconds():
    return float(os.environ.get("BENCH_LOAD_SECONDS", "60"))


def threads():
    return int(os.environ.get("BENCH_LOAD_THREADS", "4"))


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn serving the bench settings on this table's database."""

    def __init__(self, workers=2):
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.command = [
            sys.executable,
            "-m",
            "gunicorn",
            f"--workers={workers}",
            f"--bind={HOST}:{self.port}",
            f"--chdir={ROOT}",
            "--timeout=60",
            "--log-level=warning",
            "django.core.wsgi:get_wsgi_application()",
        ]

    def __enter__(self):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(f"{self.base}/accounts/login/", timeout=5)
                return self
            except requests.ConnectionError:
                if self.process.poll() is not None:
                    raise RuntimeError("gunicorn exited") from None
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


class Browser:
    """One customer's requests.Session, sending the CSRF token as a browser does."""

    def __init__(self, base):
        self.base = base
        self.session = requests.Session()

    def get(self, path):
        return self.session.get(self.base + path, timeout=TIMEOUT)

    def post(self, path, fields):
        token = self.session.cookies.get("csrftoken", "")
        return self.session.post(
            self.base + path,
            data={"csrfmiddlewaretoken": token, **fields},
            timeout=TIMEOUT,
        )


class Steps:
    """Times each step of one checkout; a request ends on the page it must
    reach, and a step may take several requests."""

    def __init__(self):
        self.seconds = {}

    def __call__(self, name, send, path):
        started = time.perf_counter()
        response = send()
        elapsed = time.perf_counter() - started
        self.seconds[name] = self.seconds.get(name, 0) + elapsed
        if response.status_code != 200 or not response.url.endswith(path):
            raise AssertionError(
                f"{name}: {response.status_code} at {response.url}, not {path}"
            )

    @property
    def total(self):
        return sum(self.seconds.values())


STEPS = ["Log in", "Pay / add to basket", "Checkout", "Preview", "Place order"]


def checkout(base, email, fill):
    """One whole checkout by a fresh browser, redirects followed; its Steps."""
    browser, steps, (path, fields) = Browser(base), Steps(), fill
    login = reverse("customer:login")
    credentials = {
        "login-username": email,
        "login-password": data.PASSWORD,
        "login_submit": "1",
    }
    steps(STEPS[0], lambda: browser.get(login), login)
    steps(
        STEPS[0],
        lambda: browser.post(login, credentials),
        reverse("customer:profile-view"),
    )
    steps(STEPS[1], lambda: browser.post(path, fields), reverse("basket:summary"))
    steps(
        STEPS[2],
        lambda: browser.get(reverse("checkout:index")),
        reverse("checkout:payment-details"),
    )
    preview = reverse("checkout:preview")
    steps(STEPS[3], lambda: browser.get(preview), preview)
    steps(
        STEPS[4],
        lambda: browser.post(preview, {"action": "place_order"}),
        reverse("checkout:thank-you"),
    )
    return steps


def milestone_fills(milestones):
    for milestone in milestones:
        yield reverse("bidding:milestone-pay", kwargs={"pk": milestone.pk}), {}


def product_fills(product):
    path = reverse("basket:add", kwargs={"pk": product.pk})
    return itertools.repeat((path, {"quantity": "1"}))


def phase(base, customers, duration):
    """Each thread checks out as its own customer until ``duration`` is up.

    ``customers`` are (email, fills) pairs, one per thread. Returns the
    :class:`Steps` of the checkouts that succeeded, the errors, and the time
    the phase took.
    """
    deadline = time.monotonic() + duration
    done, errors, lock = [], [], threading.Lock()

    def work(customer):
        email, fills = customer
        for fill in fills:
            if time.monotonic() >= deadline:
                return
            try:
                steps = checkout(base, email, fill)
            except Exception as error:  # noqa: BLE001 - counted and shown
                with lock:
                    errors.append(repr(error))
            else:
                with lock:
                    done.append(steps)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(customers)) as pool:
        list(pool.map(work, customers))
    return done, errors, time.monotonic() - started


def prepare(count, per_customer):
    """``count`` milestone customers with ``per_customer`` ready milestones each,
    and ``count`` customers buying one plain product."""
    partner = data.vendor().partners.get()
    milestone_customers = []
    for user in data.bulk_users(count, "load-milestone"):
        milestones = data.ready_milestones(user, partner, per_customer, items=1)
        milestone_customers.append((user.email, milestone_fills(milestones)))
    (product,) = data.plain_products(1)
    plain_customers = [
        (user.email, product_fills(product))
        for user in data.bulk_users(count, "load-plain")
    ]
    return milestone_customers, plain_customers


FLOWS = ["Milestone (Pay, 1 item)", "Plain Oscar (1 product)"]
#: The flows take turns, a quarter of their time at a time, so that the noise
#: of a shared machine falls on both alike.
ROUNDS = 4


def run():
    duration, count, rounds = seconds(), threads(), ROUNDS
    # More milestones than the fastest checkout could pay in the time given.
    per_customer = int(duration * 20) + 10
    flows = dict(zip(FLOWS, prepare(count, per_customer), strict=True))
    results = {name: ([], [], 0.0, 0) for name in flows}
    with Gunicorn() as server:
        for customers in flows.values():
            warm_up = [
                (email, itertools.islice(fills, 2)) for email, fills in customers
            ]
            phase(server.base, warm_up, duration)
        for _round in range(rounds):
            for name, customers in flows.items():
                orders_before = Order.objects.count()
                done, errors, elapsed = phase(server.base, customers, duration / rounds)
                placed = Order.objects.count() - orders_before
                all_done, all_errors, all_elapsed, all_placed = results[name]
                results[name] = (
                    all_done + done,
                    all_errors + errors,
                    all_elapsed + elapsed,
                    all_placed + placed,
                )
    for name, (_done, errors, _elapsed, _placed) in results.items():
        for error in sorted(set(errors))[:5]:
            print(f"  error ({name}): {error}")
    print(load_table(results, duration, count, rounds))
    print(steps_table(results))


def load_table(results, duration, count, rounds):
    rows, rates = [], []
    for name, (done, errors, elapsed, placed) in results.items():
        totals = [steps.total for steps in done] or [0]
        rates.append(len(done) / elapsed)
        rows.append(
            [
                name,
                f"{elapsed:.0f}",
                placed,
                f"{rates[-1]:.2f}",
                ms(median(totals)),
                ms(percentile(totals, 0.95)),
                len(errors),
            ]
        )
    ratio = rates[0] / rates[1] if rates[1] else float("nan")
    rows.append(["Ratio milestone / plain (target >= 0.9)", "", "", f"{ratio:.2f}"])
    return table(
        f"Load: gunicorn, 2 workers, {count} client threads, {duration:.0f} s "
        f"each, in {rounds} turns",
        ["Checkout", "Seconds", "Orders", "Orders/s", "p50 ms", "p95 ms", "Errors"],
        [row + [""] * (7 - len(row)) for row in rows],
    )


def steps_table(results):
    """Median of each step, to show where a difference comes from."""
    names = list(results)
    rows = [
        [step]
        + [
            ms(median([steps.seconds[step] for steps in results[name][0]] or [0]))
            for name in names
        ]
        for step in STEPS
    ]
    return table("Load: median ms of each step", ["Step", *names], rows)
