import pytest
from django.db import connection
from oscar.apps.payment.exceptions import PaymentError
from oscar.core.loading import get_class

from tests import factories


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
