"""The package's catalogues: American English says "cart" where the package
says "basket", as Oscar's own catalogue does."""

import re

import pytest
from babel.messages.pofile import read_po
from django.test import Client
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

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


GERMAN = CATALOGUE.replace("en_US", "de")


def placeholders(text):
    return sorted(re.findall(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]+\}", text))


def test_every_german_string_is_translated_and_none_is_fuzzy():
    untranslated = [
        message.id
        for message in messages(GERMAN)
        if not all(forms(message.string)) or message.fuzzy
    ]

    assert untranslated == []


def test_every_german_string_keeps_the_placeholders_of_the_english():
    lost = [
        (message.id, form)
        for message in messages(GERMAN)
        for form in forms(message.string)
        if placeholders(form) != placeholders(forms(message.id)[-1])
    ]

    assert lost == []


def test_a_german_visitor_reads_the_locked_basket_and_a_refusal_in_german():
    client, request = queries.basket(1)
    page = client.get("/de" + request.path).content.decode()

    assert "Dieser Warenkorb bezahlt einen Meilenstein." in page
    assert "This basket pays a milestone." not in page
    milestone = get_model("bidding", "Milestone").objects.first()
    with translation.override("de"):
        refusal = milestone.why_not("deliver")
    assert refusal.startswith("Sie können diesen Eintrag (Meilenstein) nicht liefern")
