"""A real Chromium (Debian's), driven by Playwright against the live server or,
for the sandbox as a new user starts it, against the sandbox's own server."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Flags this machine needs: no sandbox as root, and no background networking
# (the closed network refuses those connections).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM calls
# made by the test itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def open_page(chromium):
    """``open_page(base_url, user)``: a browser page logged in as ``user`` on
    the server at ``base_url``, through a session made by Django's test client."""
    contexts = []

    def _page(base_url, user):
        client = Client()
        client.force_login(user)
        context = chromium.new_context(base_url=base_url)
        context.add_cookies(
            [
                {
                    "name": django_settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                    "url": base_url,
                }
            ]
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield _page
    for context in contexts:
        context.close()


@pytest.fixture
def page_as(open_page, live_server):
    """``page_as(user)``: a browser page logged in as ``user`` on the live server."""
    return lambda user: open_page(live_server.url, user)


class Sandbox:
    """``sandbox/manage.py runserver`` as ``make sandbox`` starts it: the
    sandbox's own settings, DEBUG on, on the test database."""

    def __init__(self, log_path):
        self.log_path = log_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self):
        db = connection.settings_dict
        login = ":".join(quote(part) for part in (db["USER"], db["PASSWORD"]) if part)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "sandbox.settings",
            "DATABASE_URL": (
                f"postgres://{login}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
            ),
            "WHOOSH_PATH": str(self.log_path.parent / "whoosh"),
        }
        for name in ("DEBUG", "CELERY_BROKER_URL", "EMAIL_BACKEND"):
            env.pop(name, None)
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "sandbox" / "manage.py"),
                "runserver",
                "--noreload",
                f"127.0.0.1:{self.port}",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while not accepts(self.port):
            assert self.process.poll() is None, self.output()
            assert time.monotonic() < deadline, self.output()
            time.sleep(0.2)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()

    def output(self):
        return self.log_path.read_text()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def accepts(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def sandbox(transactional_db, tmp_path):
    """The sandbox serving the test's database; ``sandbox.output()`` is its log."""
    server = Sandbox(tmp_path / "sandbox.log")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def sandbox_page_as(open_page, sandbox):
    """``sandbox_page_as(user)``: a page logged in as ``user`` on the sandbox."""
    return lambda user: open_page(sandbox.url, user)
