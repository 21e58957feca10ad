from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # oscar_bidding: the customer's projects and the vendors' dashboard.
    path("projects/", apps.get_app_config("bidding").urls),
    path("dashboard/bidding/", apps.get_app_config("bidding_dashboard").urls),
    path("", include(apps.get_app_config("oscar").urls[0])),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
