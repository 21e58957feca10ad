"""django-haystack index of projects, for the vendors' Open Projects search.

Projects live in their own search connection (``OSCAR_BIDDING_SEARCH_CONNECTION``),
never in the one Oscar's storefront searches: its results, facets, spelling
suggestions and autocomplete would otherwise show words of projects a visitor
may not see. Only open projects are indexed; a project that closes, is awarded
or is cancelled leaves the index when it is saved. The Open Projects view still
reloads the hits from the database, which stays the authority.

The index also holds what decides which vendors may bid on a project (its
type, whether it is invite-only, the invited vendors), so that the search
engine filters as :func:`oscar_bidding.access.biddable_projects` does
(:mod:`oscar_bidding.project_search`). Inviting vendors re-indexes the
project (:mod:`oscar_bidding.receivers`).
"""

from haystack import indexes
from haystack.constants import DEFAULT_ALIAS
from oscar.core.loading import get_model

from oscar_bidding.conf import setting

#: What the index says for a project without a type: a type's pk is never 0.
NO_TYPE = 0


class ProjectIndex(indexes.SearchIndex, indexes.Indexable):
    text = indexes.CharField(document=True, use_template=True)
    title = indexes.EdgeNgramField(model_attr="title")
    status = indexes.CharField(model_attr="status")
    bidding_deadline = indexes.DateField(model_attr="bidding_deadline")
    date_created = indexes.DateTimeField(model_attr="date_created")
    category = indexes.MultiValueField(null=True)
    #: The type's pk; 0 for a project without a type (every vendor's).
    project_type = indexes.IntegerField()
    invite_only = indexes.BooleanField(model_attr="invite_only")
    #: The pks of the invited partners.
    invited = indexes.MultiValueField()

    def get_model(self):
        return get_model("bidding", "Project")

    def index_queryset(self, using=None):
        projects = self.get_model().objects.filter(status=self.get_model().OPEN)
        if not self.writes_to(using):
            return projects.none()
        return projects.select_related("category").prefetch_related("invitations")

    def update_object(self, instance, using=None, **kwargs):
        """Index an open project, remove any other: saving a project that
        changed status keeps the index to open projects."""
        if not self.writes_to(using):
            return
        if instance.status == instance.OPEN:
            super().update_object(instance, using=using, **kwargs)
        else:
            self.remove_object(instance, using=using, **kwargs)

    def writes_to(self, using):
        """Whether ``using`` is the projects' connection. A shop that left this
        index in another connection (the products') still gets no project there."""
        return (using or DEFAULT_ALIAS) == setting("OSCAR_BIDDING_SEARCH_CONNECTION")

    def prepare_category(self, project):
        return [project.category_id] if project.category_id else []

    def prepare_project_type(self, project):
        return project.project_type_id or NO_TYPE

    def prepare_invited(self, project):
        return [invitation.partner_id for invitation in project.invitations.all()]
