"""The sandbox's production settings pass Django's deployment checks, and refuse
to start without the secrets they read from the environment."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.management.utils import get_random_secret_key

MANAGE = Path(__file__).resolve().parents[2] / "sandbox" / "manage.py"


def check_deploy(settings_module, without=(), **env):
    """``manage.py check --deploy --fail-level WARNING`` in a fresh process,
    with the test run's environment but for the names in ``without``."""
    environ = {
        name: value
        for name, value in os.environ.items()
        # The browser tests' conftest allows async-unsafe calls in this process:
        # a production process never does.
        if name
        not in (
            "DJANGO_SETTINGS_MODULE",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            *without,
        )
    }
    return subprocess.run(
        [sys.executable, str(MANAGE), "check", "--deploy", "--fail-level", "WARNING"],
        env={**environ, "DJANGO_SETTINGS_MODULE": settings_module, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checks():
    result = check_deploy(
        "sandbox.settings_production",
        SECRET_KEY=get_random_secret_key(),
        ALLOWED_HOSTS="shop.example.com",
        OSCAR_BIDDING_PAYMENT_GATEWAY="tests.races.Gateway",  # one that takes money
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deployment_checks_warn_that_milestones_would_be_paid_for_free():
    """The sandbox's demo gateway, like Oscar's checkout, takes no money."""
    result = check_deploy(
        "sandbox.settings_production",
        SECRET_KEY=get_random_secret_key(),
        ALLOWED_HOSTS="shop.example.com",
    )

    assert result.returncode != 0
    assert "(oscar_bidding.W301) Milestone payments take no money." in result.stderr
    assert "sandbox.gateway.DemoGateway" in result.stderr
    assert "System check identified 1 issue" in result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = check_deploy("sandbox.settings_production", ALLOWED_HOSTS="shop.example")

    assert result.returncode != 0
    assert "Set SECRET_KEY in the environment" in result.stderr


def test_production_settings_refuse_to_start_without_allowed_hosts():
    result = check_deploy(
        "sandbox.settings_production", SECRET_KEY=get_random_secret_key()
    )

    assert result.returncode != 0
    assert "Set ALLOWED_HOSTS in the environment" in result.stderr


def test_production_settings_refuse_to_fall_back_to_sqlite():
    result = check_deploy(
        "sandbox.settings_production",
        without=["DATABASE_URL"],
        SECRET_KEY=get_random_secret_key(),
        ALLOWED_HOSTS="shop.example.com",
    )

    assert result.returncode != 0
    assert "Set DATABASE_URL in the environment" in result.stderr


def test_development_settings_fail_the_deployment_checks():
    """The checks would catch what the production settings fix."""
    result = check_deploy("sandbox.settings")

    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "W018"):
        assert warning in result.stderr
