"""Races on PostgreSQL: real threads, each with its own connection and client."""

import threading
import time

from django.conf import settings
from django.db import connection
from django.test import Client

from oscar_bidding.gateway import PaymentGateway


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


class Gateway(PaymentGateway):
    """The shop's payment gateway, the one edge we mock: it counts the charges,
    thread-safely, answers for them by key, and takes a moment as a real one
    does, so attempts overlap. Its state lives on the class: checkout and the
    reconciliation each make their own instance."""

    takes_money = True
    delay = 0.05
    charges = []
    keys = []
    failures = []
    _lock = threading.Lock()

    @classmethod
    def install(cls, settings, delay=0.05):
        """Make this the shop's gateway (``OSCAR_BIDDING_PAYMENT_GATEWAY``),
        with no charge yet."""
        cls.delay, cls.charges, cls.keys, cls.failures = delay, [], [], []
        settings.OSCAR_BIDDING_PAYMENT_GATEWAY = f"{__name__}.Gateway"
        return cls

    @classmethod
    def fail_next(cls, error):
        """The next call raises ``error`` and charges nothing."""
        cls.failures.append(error)

    def charge(self, *, key, amount, currency, order_number, **details):
        time.sleep(self.delay)
        with self._lock:
            if self.failures:
                raise self.failures.pop(0)
            self.charges.append((str(order_number), amount))
            self.keys.append(key)
        return f"charge-{len(self.keys)}"

    def payment_status(self, key):
        return self.CHARGED if key in self.keys else self.DECLINED
