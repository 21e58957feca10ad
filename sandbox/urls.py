"""The sandbox's URLs, as django-oscar's sandbox has them: the shop's pages in
``i18n_patterns``, oscar_bidding's next to Oscar's.

Unlike Oscar's sandbox, the default language (``LANGUAGE_CODE``) has no prefix:
``/projects/`` in English, ``/de/projects/`` in German.
"""

from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
if getattr(settings, "API_INSTALLED", False):
    # The REST API (docs/api.rst): the bidding API beside django-oscar-api's.
    urlpatterns += [
        path("api/bidding/", include("oscar_bidding.api.urls")),
        path("api/", include("oscarapi.urls")),
    ]
urlpatterns += i18n_patterns(
    # oscar_bidding: the customer's projects and the vendors' dashboard.
    path("projects/", apps.get_app_config("bidding").urls),
    path("dashboard/bidding/", apps.get_app_config("bidding_dashboard").urls),
    path("", include(apps.get_app_config("oscar").urls[0])),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
