"""A Redis server of the module's own, which a test may stop and start again, and
a real Celery worker process on the test database; the worker sends e-mails
into files that the test reads.

Tests here need committed rows (the worker's connection cannot see the test's
transaction): mark them ``django_db(transaction=True)``.
"""

import os
import subprocess
import sys
from email import message_from_bytes, policy
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
from django.conf import settings

from tests.worker import DEADLINE, free_port, wait_for

REPO = Path(__file__).resolve().parents[2]
#: What Django's file-based e-mail backend writes after each message.
SEPARATOR = b"\n" + b"-" * 79 + b"\n"


class RedisServer:
    """A broker the test can stop, as an outage, and start again."""

    def __init__(self, directory):
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port)]
            + ["--dir", str(self.directory), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        wait_for(self.answers, "Redis to start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=DEADLINE)
        self.process = None

    @property
    def running(self):
        return self.process is not None

    def answers(self):
        try:
            return redis.Redis.from_url(self.url, socket_connect_timeout=1).ping()
        except redis.ConnectionError:
            return False


class Mailbox:
    """The e-mails the worker sent, read from the file-based backend's folder."""

    def __init__(self, directory):
        self.directory = directory

    def messages(self):
        """Every message written completely so far."""
        found = []
        for path in sorted(self.directory.glob("*.log")):
            *complete, _rest = path.read_bytes().split(SEPARATOR)
            found += [
                message_from_bytes(raw, policy=policy.default) for raw in complete
            ]
        return found

    def subjects_to(self, address):
        return [str(m["Subject"]) for m in self.messages() if m["To"] == address]

    def clear(self):
        for path in self.directory.glob("*"):
            path.unlink()


def worker_database_url():
    """``DATABASE_URL`` pointing at the database pytest-django created."""
    url = urlsplit(os.environ["DATABASE_URL"])
    return url._replace(path="/" + settings.DATABASES["default"]["NAME"]).geturl()


@pytest.fixture(scope="module")
def broker(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    if server.running:
        server.stop()


@pytest.fixture(scope="module")
def mailbox(tmp_path_factory):
    return Mailbox(tmp_path_factory.mktemp("emails"))


@pytest.fixture(scope="module")
def worker_log(tmp_path_factory):
    return tmp_path_factory.mktemp("worker") / "worker.log"


@pytest.fixture(scope="module")
def worker(django_db_setup, broker, mailbox, worker_log):
    """``celery worker`` on the test settings, the test database and ``broker``."""
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tests.settings",
        DATABASE_URL=worker_database_url(),
        TEST_CELERY_BROKER_URL=broker.url,
        TEST_EMAIL_FILE_PATH=str(mailbox.directory),
        PYTHONPATH=str(REPO),
    )
    command = [sys.executable, "-m", "celery", "-A", "sandbox.celery_app", "worker"]
    options = ["--pool=solo", "--concurrency=1", "--loglevel=INFO"]
    quiet = ["--without-heartbeat", "--without-gossip", "--without-mingle"]
    with worker_log.open("wb") as log:
        process = subprocess.Popen(
            command + options + quiet,
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(
            lambda: b" ready." in worker_log.read_bytes(), "the worker", worker_log
        )
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(autouse=True)
def _fresh_start(broker, mailbox):
    """Each test starts with the broker up and no e-mail in the mailbox."""
    if not broker.running:
        broker.start()
    mailbox.clear()
