"""A shop's URLs before oscar_bidding, as django-oscar 4.2's ``sandbox/urls.py``:
Oscar's URLs prefixed with the language by ``i18n_patterns``."""

from django.apps import apps
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
urlpatterns += i18n_patterns(
    path("", include(apps.get_app_config("oscar").urls[0])),
)
