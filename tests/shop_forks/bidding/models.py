"""The package's models unchanged; the fork keeps the package's migrations."""

from oscar_bidding.models import *  # noqa: F403
