"""A pseudo-locale: every string of every catalogue the pages use (the package's,
Oscar's, Django's, django-tables2's) transformed, so that any English left on a
rendered page is a string nobody marked for translation.

The transformation swaps each ASCII letter for an accented one and leaves
placeholders (``%(name)s``, ``{name}``, ``%s``), HTML tags and entities alone;
the text stays readable and keeps its length, and no ASCII letter survives it.
"""

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import get_language_info, to_locale

#: The language that carries the pseudo-locale: Django, Oscar and Babel know
#: its formats, and its catalogue under ``LOCALE_PATHS`` wins over theirs.
LANGUAGE = "en-au"

PACKAGE_CATALOGUE = Path(__file__).resolve().parents[2] / (
    "oscar_bidding/locale/de/LC_MESSAGES/django.po"
)
SITE_PACKAGES = Path(next(p for p in sys.path if p.endswith("site-packages")))
#: The source catalogues of the other packages whose strings the pages show.
OTHER_CATALOGUES = [
    "django/conf/locale/en/LC_MESSAGES/django.po",
    "django/contrib/auth/locale/en/LC_MESSAGES/django.po",
    "django/contrib/flatpages/locale/en/LC_MESSAGES/django.po",
    "django/contrib/humanize/locale/en/LC_MESSAGES/django.po",
    "oscar/locale/en/LC_MESSAGES/django.po",
    "django_tables2/locale/en/LC_MESSAGES/django.po",
]

ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķłɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶŁṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
KEPT = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[^}]*\}|<[^>]*>|&[#\w]+;")


def transform(text):
    """``text`` with its letters accented, placeholders and markup kept."""
    parts, end = [], 0
    for kept in KEPT.finditer(text):
        parts += [text[end : kept.start()].translate(ACCENTED), kept.group()]
        end = kept.end()
    return "".join([*parts, text[end:].translate(ACCENTED)])


def pseudo_catalogue():
    """One catalogue holding every string of the package and the others."""
    catalogue = Catalog(locale=to_locale(LANGUAGE))
    paths = [PACKAGE_CATALOGUE, *(SITE_PACKAGES / p for p in OTHER_CATALOGUES)]
    for path in paths:
        with path.open("rb") as source:
            for message in read_po(source):
                known = catalogue.get(message.id, context=message.context)
                if not message.id or known is not None:
                    continue
                if isinstance(message.id, tuple):
                    string = tuple(transform(form) for form in message.id)
                else:
                    string = transform(message.id)
                catalogue.add(message.id, string, context=message.context)
    return catalogue


def write_pseudo_locale(root):
    """Write the compiled catalogue under ``root`` (a ``LOCALE_PATHS`` entry)."""
    folder = root / to_locale(LANGUAGE) / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "django.mo").open("wb") as target:
        write_mo(target, pseudo_catalogue())
    return root


class VisibleText(HTMLParser):
    """The text a visitor reads: text nodes outside scripts and styles, and
    the attributes that browsers show or read out."""

    SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "data-confirm"}
    #: Not prose: scripts, styles, and codes shown as codes.
    HIDDEN = {"script", "style", "template", "code"}

    def __init__(self):
        super().__init__()
        self.texts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1
        attrs = dict(attrs)
        self.texts += [v for k, v in attrs.items() if k in self.SHOWN_ATTRIBUTES and v]
        if tag == "input" and attrs.get("type") in ("submit", "button"):
            self.texts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self._hidden = max(0, self._hidden - 1)

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(data)


def visible_texts(html):
    parser = VisibleText()
    parser.feed(html)
    return parser.texts


#: Tables whose text no page of the package shows as it is.
NOT_SHOWN = {
    "auth.permission",
    "contenttypes.contenttype",
    "sessions.session",
    "admin.logentry",
}
#: Codes (``accepted``, ``ORDER_PLACED``): a page shows their labels, never them.
CODE = re.compile(r"[a-z0-9_]+|[A-Z0-9_]+")


def texts(values):
    """The strings among ``values``, and in the lists and dicts of JSON ones
    (an answer chosen among a question's choices)."""
    for value in values:
        if isinstance(value, str) and value:
            yield value
        elif isinstance(value, (list, tuple)):
            yield from texts(value)
        elif isinstance(value, dict):
            yield from texts(value.values())


def data_strings():
    """Every free-text value in the database (titles, names, notes, e-mail
    addresses): what customers, vendors and staff wrote is not the package's
    to translate. Fields with choices, and values that are codes (statuses,
    roles), are left out: their labels must be translated."""
    found = set()
    for model in apps.get_models():
        if model._meta.label_lower in NOT_SHOWN:
            continue
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField, models.JSONField))
            and not field.choices
        ]
        if fields:
            for row in model._default_manager.values_list(*fields):
                found.update(v for v in texts(row) if not CODE.fullmatch(v))
    for code, name in settings.LANGUAGES:
        info = get_language_info(code)
        found.update([name, info["name"], info["name_local"]])
    found.update([settings.OSCAR_SHOP_NAME, settings.OSCAR_SHOP_TAGLINE])
    found.add(f"({settings.OSCAR_DEFAULT_CURRENCY})")  # "Budget (GBP)"
    return found


WORD = re.compile(r"[A-Za-z]{2,}")
#: What Oscar's own templates leave unmarked, as they write it (the package's
#: templates mark the same words).
OSCARS_UNMARKED = [
    'aria-label="Toggle navigation"',
    '<span class="sr-only">Toggle Dropdown</span>',
    'aria-label="breadcrumb"',
    'data-dismiss="alert" aria-label="Close"',
]
#: Things on a page that are neither words nor the package's: addresses, URLs,
#: file names, currency codes glued to amounts (``GBP200.00``).
NOT_WORDS = re.compile(
    r"\S+@\S+|https?://\S+|[\w-]*\.(?:pdf|png|jpe?g|txt)\b|\b[a-z]{3}(?=\d)"
)


def untranslated(html, data):
    """The pieces of visible text left in English once the pseudo-locale's
    strings, the database's values and Oscar's unmarked words are taken out
    (longest first, ignoring case: templates capitalise)."""
    for markup in OSCARS_UNMARKED:
        html = html.replace(markup, "")
    removed = sorted(
        {value.lower() for value in data if WORD.search(value)},
        key=len,
        reverse=True,
    )
    left = []
    for text in visible_texts(html):
        text = text.lower()
        for value in removed:
            if value in text:
                text = text.replace(value, " ")
        text = NOT_WORDS.sub(" ", text)
        if WORD.search(text):
            left.append(" ".join(text.split()))
    return left
