"""Run the migrations to a point, as a shop upgrading from an older release."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrate to ``targets``; returns the historical models there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    """Apply every later migration: a test that reads the migrated rows with
    today's models needs today's columns (a later migration adding a field to
    a model would otherwise break it)."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def latest_migrations_after():
    """The tests after this one need every migration applied again."""
    yield
    migrate_to_latest()
