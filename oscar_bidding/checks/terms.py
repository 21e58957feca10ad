"""``OSCAR_BIDDING_TERMS`` naming a flat page needs Django's flatpages app."""

from django.apps import apps
from django.core import checks

from oscar_bidding.conf import setting
from oscar_bidding.terms import is_flatpage_url


@checks.register()
def check_terms_flatpage(app_configs, **kwargs):
    value = setting("OSCAR_BIDDING_TERMS") or ""
    if is_flatpage_url(value) and not apps.is_installed("django.contrib.flatpages"):
        return [
            checks.Error(
                f"OSCAR_BIDDING_TERMS names the flat page {value!r}, but "
                "django.contrib.flatpages is not installed.",
                hint="Add django.contrib.flatpages to INSTALLED_APPS (Oscar's "
                "default settings have it), or set the terms as text.",
                id="oscar_bidding.E1101",
            )
        ]
    return []
