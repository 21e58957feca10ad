"""Oscar's catalogue models unchanged: the fork brings its own migration history."""

from oscar.apps.catalogue.models import *  # noqa: F403
