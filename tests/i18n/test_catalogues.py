"""The package's catalogues: American English says "cart" where the package
says "basket", as Oscar's own catalogue does."""

import pytest
from babel.messages.pofile import read_po
from django.test import Client
from django.urls import reverse
from django.utils import translation

from bench import queries
from tools.american_words import BASKET, CATALOGUE


def messages(path):
    with open(path, "rb") as source:
        return [m for m in read_po(source) if m.id]


def forms(value):
    return value if isinstance(value, tuple) else (value,)


def test_every_string_that_says_basket_says_cart_in_american_english():
    wrong = [
        (message.id, message.string)
        for message in messages(CATALOGUE)
        if any(BASKET.search(form) for form in forms(message.id))
        and not all(
            "art" in form and not BASKET.search(form) for form in forms(message.string)
        )
    ]

    assert wrong == []


@pytest.mark.parametrize(
    "language, words", [("en-us", ("cart", "basket")), ("en-gb", ("basket", "cart"))]
)
def test_the_locked_basket_speaks_the_shops_words(language, words):
    said, unsaid = words
    with translation.override(language):
        client, request = queries.basket(1)
        page = client.get(request.path).content.decode()
        empty = Client().get(reverse("basket:summary")).content.decode()

    assert f"This {said} pays a milestone." in page
    assert f"This {unsaid} pays a milestone." not in page
    assert f"Your {said} is empty." in empty
