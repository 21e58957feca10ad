"""Oscar's order models unchanged: the fork brings its own migration history."""

from oscar.apps.order.models import *  # noqa: F403
