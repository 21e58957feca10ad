"""The vendors' Open Projects search: what the search engine is asked, and how
its hits become the page of projects a vendor reads.

The engine holds only open projects (:mod:`oscar_bidding.search_indexes`) and
filters them as :func:`oscar_bidding.access.biddable_projects` does (the
project's type, invite-only, the invited vendors), so that its count and its
order are those of the projects the vendor may bid on. It is asked for one
page of hits at a time; the database then reads those projects through the
view's queryset, and stays the authority: a hit the database no longer lets
the vendor see (a project closed since it was indexed) is left out of the
page. The page's cost is that of one page, however many projects match.
"""

from haystack.constants import DJANGO_CT
from haystack.inputs import Raw
from haystack.query import SQ, SearchQuerySet
from haystack.utils import get_model_ct
from oscar.core.loading import get_classes, get_model

from oscar_bidding.conf import setting
from oscar_bidding.search_indexes import NO_TYPE

offered_type_ids, vendor_partners = get_classes(
    "bidding.access", ["offered_type_ids", "vendor_partners"]
)


def audience_filter(user):
    """The ``SQ`` of the projects ``user`` may bid on, as the index knows
    them; ``None`` for staff, who see every open project."""
    if user.is_staff:
        return None
    types = [NO_TYPE, *sorted(offered_type_ids(user))]
    partners = sorted(vendor_partners(user).values_list("pk", flat=True))
    open_to_all = SQ(invite_only=Raw("false")) & SQ(project_type__in=types)
    if not partners:
        return open_to_all
    return open_to_all | SQ(invited__in=partners)


def search_projects(user, query, project_types=None):
    """The engine's query for ``query`` among the projects ``user`` may bid on,
    of ``project_types`` (pks) only when given.

    Projects are picked by a filter of the query, not by haystack's
    ``models()``: Whoosh reads that one as a separate search through every
    document of the index at each request.
    """
    Project = get_model("bidding", "Project")
    found = (
        SearchQuerySet(using=setting("OSCAR_BIDDING_SEARCH_CONNECTION"))
        .filter(content=query)
        .filter(**{DJANGO_CT: get_model_ct(Project)})
    )
    if project_types is not None:
        found = found.filter(project_type__in=sorted(project_types))
    audience = audience_filter(user)
    return found if audience is None else found.filter(audience)


class ProjectSearch:
    """Search hits as Django's paginator reads them: ``count()`` is the
    engine's, a slice is one page of hits read from ``projects``, in the
    engine's order.

    ``offset`` is where the page the view will ask for starts: the count and
    that page then come from one request to the engine.
    """

    def __init__(self, hits, projects, page_size, offset=0):
        self.hits = hits
        self.projects = projects
        self.page_size = page_size
        self.offset = offset
        self._pages = {}
        self._count = None

    def count(self):
        if self._count is None:
            self._search(self.offset)
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("ProjectSearch is read a page at a time.")
        start, stop = key.start or 0, key.stop
        if stop is not None and stop <= start:
            return []
        pks = self._search(start)
        if stop is not None:
            pks = pks[: stop - start]
        return self._projects(pks)

    def _search(self, start):
        """The pks of the hits from ``start``, a page of them, in the
        engine's order. Pages start at a multiple of the page size (the
        paginator's), which is what haystack's Whoosh backend can page by."""
        if start not in self._pages:
            query = self.hits.query._clone()
            query.set_limits(start, start + self.page_size)
            results = query.get_results(limit_to_registered_models=False)
            self._count = query.get_count()
            self._pages[start] = [int(hit.pk) for hit in results]
        return self._pages[start]

    def _projects(self, pks):
        if not pks:
            return []
        found = {project.pk: project for project in self.projects.filter(pk__in=pks)}
        return [found[pk] for pk in pks if pk in found]
