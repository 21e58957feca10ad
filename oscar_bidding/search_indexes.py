"""django-haystack index of projects, for the vendors' Open Projects search.

Every project is indexed and the search filters on ``status``; the view then
reloads the hits from the database, which stays the authority, so an entry
that went stale since indexing is never shown. Field types match Oscar's
product index where names are shared (``title``, ``category``,
``date_created``): haystack keeps one schema for both.
"""

from haystack import indexes
from oscar.core.loading import get_model


class ProjectIndex(indexes.SearchIndex, indexes.Indexable):
    text = indexes.CharField(document=True, use_template=True)
    title = indexes.EdgeNgramField(model_attr="title")
    status = indexes.CharField(model_attr="status")
    bidding_deadline = indexes.DateField(model_attr="bidding_deadline")
    date_created = indexes.DateTimeField(model_attr="date_created")
    category = indexes.MultiValueField(null=True)

    def get_model(self):
        return get_model("bidding", "Project")

    def index_queryset(self, using=None):
        return self.get_model().objects.select_related("category")

    def prepare_category(self, project):
        return [project.category_id] if project.category_id else []
