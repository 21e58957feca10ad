"""Races on PostgreSQL: real threads, each with its own connection and client."""

import threading
import time

from django.conf import settings
from django.db import connection
from django.test import Client
from oscar.core.loading import get_class

PaymentDetailsView = get_class("checkout.views", "PaymentDetailsView")


def race(*actions):
    """Run the actions at the same moment, each in its own thread and database
    connection. Returns what each returned, or the exception it raised."""
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            outcomes[index] = action()
        except Exception as error:  # noqa: BLE001 - the test inspects it
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def same_session(client):
    """Another client in ``client``'s browser session: a second tab, a double click."""
    other = Client()
    name = settings.SESSION_COOKIE_NAME
    other.cookies[name] = client.cookies[name].value
    return other


class Gateway:
    """The shop's payment gateway, the one edge we mock: it counts the charges,
    thread-safely, and takes a moment as a real one does, so attempts overlap."""

    def __init__(self, delay=0.05):
        self.delay = delay
        self.charges = []
        self.failures = []
        self._lock = threading.Lock()

    @classmethod
    def install(cls, monkeypatch, **kwargs):
        """Plug a new gateway into the checkout as the shop's ``handle_payment``."""
        gateway = cls(**kwargs)
        monkeypatch.setattr(
            PaymentDetailsView, "handle_payment", gateway.handle_payment
        )
        return gateway

    def fail_next(self, error):
        """The next call raises ``error`` and charges nothing."""
        self.failures.append(error)

    def handle_payment(self, order_number, total, **kwargs):
        time.sleep(self.delay)
        with self._lock:
            if self.failures:
                raise self.failures.pop(0)
            self.charges.append((str(order_number), total.incl_tax))
