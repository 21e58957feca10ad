"""The API's URLs; a shop mounts them under its API URL::

    path("api/bidding/", include("oscar_bidding.api.urls")),

URL names are ``bidding-api-<endpoint>-list``, ``-detail`` and
``-<action>`` (with dashes); the schema is ``bidding-api-schema``.
"""

from django.urls import include, path
from oscar.core.loading import get_class

build_router = get_class("bidding.api.registry", "build_router")
SchemaView = get_class("bidding.api.views", "SchemaView")

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="bidding-api-schema"),
    path("", include(build_router().urls)),
]
