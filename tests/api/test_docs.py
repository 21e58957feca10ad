"""docs/api.rst stays true: every endpoint of the registry, every action and
every API setting it should name, it names."""

from pathlib import Path

from oscar_bidding import defaults
from oscar_bidding.api.registry import ENDPOINTS, build_router

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_the_api_page_names_every_endpoint_and_action():
    text = (DOCS / "api.rst").read_text()
    for endpoint in ENDPOINTS:
        assert f"``{endpoint.url_prefix}/" in text, endpoint.name
        for action in endpoint.load().get_extra_actions():
            assert f"/{action.url_path}/``" in text, (endpoint.name, action.url_path)


def test_every_api_setting_is_documented():
    names = [n for n in dir(defaults) if n.startswith("OSCAR_BIDDING_API_")]
    settings_page = (DOCS / "settings.rst").read_text()

    assert names
    for name in names:
        assert f"``{name}``" in settings_page or f"``{name}``," in settings_page, name


def test_the_router_routes_every_endpoint():
    names = {url.name for url in build_router().urls}
    for endpoint in ENDPOINTS:
        assert f"{endpoint.basename}-list" in names
