import logging

import pytest
from django.db import connection
from haystack import connections
from oscar.apps.payment.exceptions import PaymentError
from oscar.core.loading import get_class

from oscar_bidding.conf import setting
from tests import factories
from tests.migrations import latest_migrations_after  # noqa: F401 (a fixture)


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    return f"database: {db['ENGINE']} on {db.get('HOST')}:{db.get('PORT')}"


@pytest.fixture(autouse=True)
def _runs_on_postgresql(db):
    assert connection.vendor == "postgresql"


@pytest.fixture
def customer():
    return factories.make_user("customer@example.com")


@pytest.fixture
def other_customer():
    return factories.make_user("customer2@example.com")


@pytest.fixture
def vendor():
    return factories.make_vendor("vendor1@example.com", "Vendor One")


@pytest.fixture
def other_vendor():
    return factories.make_vendor("vendor2@example.com", "Vendor Two")


@pytest.fixture
def staff():
    return factories.make_user("admin@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def project(customer):
    return factories.make_project(customer)


@pytest.fixture
def proposal(project, vendor):
    return factories.make_proposal(project, vendor)


@pytest.fixture
def accepted_proposal(proposal):
    return factories.ProposalService().accept(proposal)


@pytest.fixture
def login(client):
    """Log ``client`` in as a user: ``login(customer)``."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def refund_gateway(monkeypatch):
    """The shop's gateway as the refund service calls it: ``refunds`` lists the
    calls; set ``refuse`` to a message and it refuses, as a real one may."""
    refund_service = get_class("bidding.services.refunds", "RefundService")

    class Gateway(get_class("bidding.gateway", "PaymentGateway")):
        refunds = []
        refuse = None

        def refund(self, **kwargs):
            if self.refuse:
                raise PaymentError(self.refuse)
            self.refunds.append(kwargs)
            return f"RF-{len(self.refunds)}"

    monkeypatch.setattr(refund_service, "gateway_class", Gateway)
    return Gateway


@pytest.fixture
def search_index():
    """Empty search indexes: the rows of earlier tests are rolled back, their
    index entries are not. Objects saved afterwards are indexed as they are saved."""
    for alias in ("default", setting("OSCAR_BIDDING_SEARCH_CONNECTION")):
        connections[alias].get_backend().clear()


@pytest.fixture(params=[True, False], ids=["DEBUG on", "DEBUG off"])
def debug(request, settings):
    """Each page twice: with DEBUG on, as the sandbox runs (where a template error
    is a server error), and off, as a shop runs (where it is a logged traceback)."""
    settings.DEBUG = request.param
    return request.param


@pytest.fixture
def logged_errors(caplog):
    """``logged_errors()``: what any logger wrote at ERROR or above."""
    caplog.set_level(logging.ERROR)

    def errors():
        return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]

    return errors
