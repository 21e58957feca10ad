"""Differences between the Django versions we support (4.2 LTS and 5.2 LTS)."""

import django
from django.db import models


def check_constraint(condition, name):
    """``CheckConstraint`` renamed ``check`` to ``condition`` in Django 5.1."""
    if django.VERSION >= (5, 1):
        return models.CheckConstraint(condition=condition, name=name)
    return models.CheckConstraint(check=condition, name=name)
