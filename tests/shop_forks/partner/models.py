"""Oscar's partner models unchanged: the fork brings its own migration history."""

from oscar.apps.partner.models import *  # noqa: F403
