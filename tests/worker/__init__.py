"""Tests with a real Celery worker on a real Redis broker, and their helpers."""

import socket
import time
from contextlib import contextmanager

from celery import Celery, current_app

#: Longest any wait of these tests may take, in seconds.
DEADLINE = 30


def wait_for(condition, what, log=None):
    """Poll ``condition`` until it is true, for :data:`DEADLINE` seconds at most;
    the worker's ``log`` tells why when it stays false."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    tail = log.read_text()[-3000:] if log and log.exists() else ""
    raise AssertionError(f"Waited {DEADLINE} s for {what}.\n{tail}")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def current_celery_app(from_settings=True, **conf):
    """Make a new Celery app the one tasks are sent through: configured from
    Django's settings as a shop's app is (unless ``from_settings`` is false),
    then with ``conf``."""
    previous = current_app._get_current_object()
    app = Celery("tests", set_as_current=False)
    if from_settings:
        app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(**conf)
    app.set_current()
    try:
        yield app
    finally:
        previous.set_current()
        app.close()


def publishing_to(broker_url):
    """Make the test's own process send tasks to ``broker_url`` instead of
    running them in place, as a web process with a broker does."""
    return current_celery_app(broker_url=broker_url, task_always_eager=False)
