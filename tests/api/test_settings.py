"""The API's settings: endpoints switched off, pagination, throttling; and a
fork's view loaded in place of the package's."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from oscar.core.loading import get_class

from tests import factories

build_router = get_class("bidding.api.registry", "build_router")


def routed(router):
    return {url.name for url in router.urls}


def test_a_disabled_resource_is_not_routed(settings):
    settings.OSCAR_BIDDING_API_DISABLED_ENDPOINTS = ["timeline"]

    names = routed(build_router())

    assert "bidding-api-timeline-list" not in names
    assert "bidding-api-projects-list" in names


def test_a_disabled_action_answers_404_and_changes_nothing(
    api, customer, settings, accepted
):
    settings.OSCAR_BIDDING_API_DISABLED_ENDPOINTS = ["milestones.pay"]
    milestone = accepted.milestones.get(number=1)
    api.force_authenticate(customer)

    response = api.post(
        reverse("bidding-api-milestones-pay", kwargs={"pk": milestone.pk})
    )

    assert response.status_code == 404
    milestone.refresh_from_db()
    assert milestone.status == "ready_to_pay"
    detail = reverse("bidding-api-milestones-detail", kwargs={"pk": milestone.pk})
    assert api.get(detail).status_code == 200


def test_lists_are_paginated_by_the_setting(api, customer, settings):
    settings.OSCAR_BIDDING_API_PAGE_SIZE = 2
    settings.OSCAR_BIDDING_API_MAX_PAGE_SIZE = 3
    for i in range(4):
        factories.make_project(customer, title=f"P{i}")
    api.force_authenticate(customer)
    url = reverse("bidding-api-projects-list")

    first = api.get(url).json()
    assert (first["count"], len(first["results"])) == (4, 2)
    assert first["next"].endswith("?page=2")
    assert len(api.get(url, {"page_size": 50}).json()["results"]) == 3


@pytest.fixture
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_actions_are_throttled_by_the_setting(api, customer, settings, fresh_cache):
    settings.OSCAR_BIDDING_API_THROTTLE_RATES = {"read": None, "action": "1/minute"}
    project = factories.make_project(customer)
    api.force_authenticate(customer)
    cancel = reverse("bidding-api-projects-cancel", kwargs={"pk": project.pk})

    assert api.post(cancel).status_code == 200
    assert api.post(cancel).status_code == 429
    assert api.get(reverse("bidding-api-projects-list")).status_code == 200


def test_a_fork_overrides_a_viewset(api, customer, settings, monkeypatch):
    """``get_class("bidding.api.views", …)``: the registry loads the viewset
    the shop's fork gives."""
    from oscar_bidding.api import registry, views  # noqa: PLC0415

    class ShopProjects(views.ProjectViewSet):
        def list(self, request, *args, **kwargs):
            response = super().list(request, *args, **kwargs)
            response.data["shop"] = "ours"
            return response

    loaded = []

    def get_class(module_label, name):
        loaded.append((module_label, name))
        return ShopProjects if name == "ProjectViewSet" else getattr(views, name)

    monkeypatch.setattr(registry, "get_class", get_class)
    router = build_router()
    view = next(u for u in router.urls if u.name == "bidding-api-projects-list")

    assert ("bidding.api.views", "ProjectViewSet") in loaded
    assert view.callback.cls is ShopProjects
