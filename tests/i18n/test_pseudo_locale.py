"""Every page of the flow and of the dashboard, rendered in a pseudo-locale in
which every catalogued string is transformed: any English left on the page is
text nobody marked for translation (see :mod:`tests.i18n.pseudo`)."""

from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from bench import queries
from tests.functional import test_permission_matrix as matrix
from tests.i18n import pseudo

#: The permission matrix's objects: one of each kind, for every URL of the package.
world = matrix.world

#: Oscar's pages that show the package's words (the basket, checkout and order
#: pages of a milestone) and a search: the package's own pages are visited by
#: ``test_every_page_of_the_package_has_no_untranslated_text``.
OSCAR_PAGES = [
    queries.basket,
    queries.checkout_preview,
    queries.thank_you,
    queries.order_detail,
    queries.open_projects_search,
]


@pytest.fixture(scope="session")
def pseudo_locale(tmp_path_factory):
    return pseudo.write_pseudo_locale(tmp_path_factory.mktemp("locale"))


@pytest.fixture
def in_pseudo_locale(pseudo_locale):
    languages = [*settings.LANGUAGES, (pseudo.LANGUAGE, "Pseudo")]
    with override_settings(LOCALE_PATHS=[str(pseudo_locale)], LANGUAGES=languages):
        with translation.override(pseudo.LANGUAGE):
            yield


def test_the_pseudo_locale_transforms_words_and_keeps_placeholders_and_markup():
    assert pseudo.transform('Pay %(amount)s <a href="{url}">now</a> &amp; %s') == (
        'Þàý %(amount)s <a href="{url}">ñöŵ</a> &amp; %s'
    )


def test_the_check_finds_english_left_on_a_page():
    html = "<p>Þàý</p><button title='Close'>×</button><p>Kitchen</p><script>x</script>"

    assert pseudo.untranslated(html, {"Kitchen"}) == ["close"]


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(page, id=page.name)
        for page in queries.PAGES
        if page.prepare in OSCAR_PAGES
    ],
)
def test_the_page_has_no_untranslated_text(page, in_pseudo_locale):
    with transaction.atomic(), override_settings(**queries.PAGE_SIZES):
        client, request = page.prepare(1)
        response = request.send(client)
        assert response.status_code == 200
        typed = [value for _k, value in parse_qsl(urlsplit(request.path).query)]
        data = {*pseudo.data_strings(), *typed}
        left = pseudo.untranslated(response.content.decode(), data)
        transaction.set_rollback(True)

    assert left == []


def reader(allowed):
    """The role a page is read as: its customer, its vendor, else staff."""
    return next(
        r for r in ("customer", "vendor", "staff", "other_customer") if r in allowed
    )


@pytest.mark.parametrize("name", sorted(matrix.MATRIX))
def test_every_page_of_the_package_has_no_untranslated_text(
    client, world, name, in_pseudo_locale
):
    users, targets = world
    target, allowed = matrix.MATRIX[name]
    client.force_login(users[reader(allowed)])

    response = client.get(matrix.url_for(name, target, targets), follow=True)

    assert response.status_code == 200
    if response["Content-Type"].startswith("text/html"):
        html = response.content.decode()
        assert pseudo.untranslated(html, pseudo.data_strings()) == []
