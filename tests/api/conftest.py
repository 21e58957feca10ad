"""The REST API's tests: they need the ``api`` extra."""

import pytest

pytest.importorskip("rest_framework")
pytest.importorskip("drf_spectacular")


@pytest.fixture
def api():
    """A REST framework client; ``api.force_authenticate(user)`` logs in."""
    from rest_framework.test import APIClient  # noqa: PLC0415

    return APIClient()


@pytest.fixture
def accepted(project, vendor):
    """An accepted proposal of ``vendor`` on ``project``: milestone 1 ready to pay."""
    from tests import factories  # noqa: PLC0415

    return factories.ProposalService().accept(factories.make_proposal(project, vendor))
