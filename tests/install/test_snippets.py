"""The install section of the README, pasted where it says into a shop built like
django-oscar 4.2's sandbox, gives a working shop: no check message, the package's
pages reversed (with the shop's language prefix) and the Celery app found."""

import json

import pytest

from tests.install import (
    build_shop,
    docs_snippets,
    install_section_snippets,
    readme_snippets,
    run_in_shop,
)


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    """The shop with the README's snippets, then the docs' ones it lacks."""
    root = tmp_path_factory.mktemp("shop")
    build_shop(root, install_section_snippets())
    return root


def test_the_readme_names_settings_urls_and_celery_files():
    headers = {snippet.splitlines()[0] for snippet in readme_snippets()}
    assert headers == {
        "# settings.py, at the end",
        "# urls.py, at the end",
        "# yourproject/celery_app.py",
        "# yourproject/__init__.py",
    }


def test_every_snippet_of_the_readme_is_in_the_installation_docs_word_for_word():
    assert [s for s in readme_snippets() if s not in docs_snippets()] == []


def test_the_pasted_snippets_give_a_shop_that_passes_every_check_and_serves_the_package(
    shop,
):
    result = run_in_shop(
        shop,
        """
        import json
        from celery import current_app
        from celery.app.utils import find_app
        from django.core.management import call_command
        from django.urls import reverse

        call_command("check", fail_level="WARNING")
        worker = find_app("yourproject")  # what `celery -A yourproject worker` loads
        worker.loader.import_default_modules()
        print(json.dumps({
            "urls": [
                reverse("bidding:project-list"),
                reverse("bidding_dashboard:proposal-list"),
            ],
            "tasks": sorted(n for n in worker.tasks if n.startswith("oscar_bidding.")),
            "sends_with_the_worker_app": current_app.main == worker.main,
        }))
        """,
    )

    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.splitlines()[-1])
    assert found["urls"] == ["/en-gb/projects/", "/en-gb/dashboard/bidding/proposals/"]
    assert "oscar_bidding.tasks.deliver" in found["tasks"]
    assert found["sends_with_the_worker_app"]
