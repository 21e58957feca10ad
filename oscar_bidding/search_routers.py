"""django-haystack routing: projects go to their own search connection.

List :class:`ProjectRouter` before haystack's default router in
``HAYSTACK_ROUTERS``; haystack's signal processor then writes a saved project to
``OSCAR_BIDDING_SEARCH_CONNECTION`` and everything else where it did before.
Reads are left to the other routers: Oscar's storefront keeps reading the
default connection, the Open Projects view asks for the projects' one by name.
"""

from haystack.routers import BaseRouter
from oscar.core.loading import get_model

from oscar_bidding.conf import setting


class ProjectRouter(BaseRouter):
    def for_write(self, instance=None, **hints):
        if isinstance(instance, get_model("bidding", "Project")):
            return setting("OSCAR_BIDDING_SEARCH_CONNECTION")
        return None
