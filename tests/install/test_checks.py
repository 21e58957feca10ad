"""``manage.py check`` tells a shop each install step it missed or contradicts.

The app-level checks run in a shop built like Oscar's sandbox with everything
wrong at once (one process for all); the settings-level ones here, with
``override_settings``.
"""

import pytest
from django.core.checks import run_checks
from django.test import override_settings
from oscar import defaults as oscar_defaults

from tests.install import build_shop, check_ids

WRONG = """\
# settings.py, at the end
INSTALLED_APPS = [*INSTALLED_APPS, "oscar_bidding.apps.BiddingConfig"]
OSCAR_ORDER_STATUS_PIPELINE = {"Pending": ("Being processed",), "Being processed": ()}
HAYSTACK_CONNECTIONS["default"]["EXCLUDED_INDEXES"] = [
    "oscar_bidding.search_indexes.ProjectIndex"
]
CELERY_TASK_ALWAYS_EAGER = True
"""


@pytest.fixture(scope="module")
def ids_of_a_shop_that_did_everything_wrong(tmp_path_factory):
    """Only the storefront app, after Oscar's, with Oscar's basket and checkout,
    no URLs, no menu, a pipeline without the paid and refund statuses, no
    search connection for projects, Celery settings but no Celery app, and
    no basket lock middleware."""
    root = tmp_path_factory.mktemp("wrong")
    build_shop(root, [WRONG])
    return check_ids(root)


@pytest.mark.parametrize(
    "check_id",
    [
        pytest.param("oscar_bidding.E001", id="oscar-basket-instead-of-the-fork"),
        pytest.param("oscar_bidding.E002", id="oscar-checkout-instead-of-the-fork"),
        pytest.param("oscar_bidding.E003", id="dashboard-app-missing"),
        pytest.param("oscar_bidding.E004", id="urls-not-included"),
        pytest.param("oscar_bidding.W001", id="menu-not-added"),
        pytest.param("oscar_bidding.W002", id="paid-status-not-in-pipeline"),
        pytest.param("oscar_bidding.W003", id="refund-status-not-in-pipeline"),
        pytest.param("oscar_bidding.W004", id="no-refund-reachable"),
        pytest.param("oscar_bidding.W005", id="apps-after-oscar"),
        pytest.param("oscar_bidding.E102", id="projects-have-no-search-connection"),
        pytest.param("oscar_bidding.W007", id="celery-app-not-imported"),
        pytest.param("oscar_bidding.W008", id="basket-lock-middleware-missing"),
    ],
)
def test_a_shop_that_missed_an_install_step_is_told(
    ids_of_a_shop_that_did_everything_wrong, check_id
):
    assert check_id in ids_of_a_shop_that_did_everything_wrong


def messages(*ids):
    return [message for message in run_checks() if message.id in ids]


def pipeline_messages():
    return messages("oscar_bidding.W002", "oscar_bidding.W003", "oscar_bidding.W004")


def test_the_sandbox_gets_no_message():
    assert [m for m in run_checks() if m.id.startswith("oscar_bidding.")] == []


@override_settings(OSCAR_DASHBOARD_NAVIGATION=oscar_defaults.OSCAR_DASHBOARD_NAVIGATION)
def test_a_menu_without_marketplace_management_is_reported():
    (message,) = messages("oscar_bidding.W001")
    assert "bidding_dashboard:proposal-list" in message.msg


@override_settings(
    OSCAR_ORDER_STATUS_PIPELINE={
        "Pending": ("Being processed", "Cancelled"),
        "Being processed": ("Complete", "Cancelled"),
        "Cancelled": (),
        "Complete": (),
    }
)
def test_oscar_sandbox_pipeline_ending_at_complete_makes_refunds_impossible():
    assert [m.id for m in pipeline_messages()] == [
        "oscar_bidding.W003",  # "Refunded"
        "oscar_bidding.W004",
    ]


@override_settings(OSCAR_ORDER_STATUS_PIPELINE={})
def test_oscar_default_empty_pipeline_makes_refunds_impossible():
    assert [m.id for m in pipeline_messages()] == ["oscar_bidding.W004"]


@override_settings(OSCAR_BIDDING_PAID_ORDER_STATUS="Paid")
def test_a_paid_status_missing_from_the_pipeline_is_reported():
    assert [m.id for m in pipeline_messages()] == [
        "oscar_bidding.W002",
        "oscar_bidding.W004",
    ]


@override_settings(OSCAR_BIDDING_REFUND_ORDER_STATUSES=("Refunded", "Returned"))
def test_a_refund_status_missing_from_the_pipeline_is_reported():
    (message,) = pipeline_messages()
    assert (message.id, "'Returned'" in message.msg) == ("oscar_bidding.W003", True)


@override_settings(
    OSCAR_BIDDING_PAID_ORDER_STATUS="Being processed",
    OSCAR_BIDDING_REFUND_ORDER_STATUSES=("Refunded",),
)
def test_a_refund_status_reached_in_several_steps_is_enough():
    assert pipeline_messages() == []


@override_settings(
    OSCAR_BIDDING_MILESTONE_PIPELINE={
        "pending": ("ready_to_pay",),
        "ready_to_pay": ("paid",),
        "paid": ("shipped",),
        "completed": (),
    }
)
def test_a_pipeline_with_an_unknown_or_a_missing_status_is_reported():
    unknown, missing = messages("oscar_bidding.E601", "oscar_bidding.E602")

    assert "'shipped'" in unknown.msg
    assert "'cancelled'" in missing.msg
