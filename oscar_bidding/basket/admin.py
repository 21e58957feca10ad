"""Oscar's basket admin, which Django finds only in the installed app's module."""

from oscar.apps.basket.admin import *  # noqa: F403
