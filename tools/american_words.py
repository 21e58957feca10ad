"""Fill the American-English catalogue: Oscar says "cart" to American visitors,
so the package's strings that say "basket" say "cart" there too.

``make messages`` runs it after extracting the strings; it fills only the
messages that mention a basket and have no translation yet, and leaves the
others untranslated (they fall back to the English source).
"""

import re
import sys

from babel.messages.pofile import read_po, write_po

CATALOGUE = "oscar_bidding/locale/en_US/LC_MESSAGES/django.po"
BASKET = re.compile(r"\b([Bb])asket")


def american(text):
    return BASKET.sub(lambda m: "Cart" if m.group(1) == "B" else "cart", text)


def fill(path=CATALOGUE):
    with open(path, "rb") as source:
        catalogue = read_po(source, locale="en_US")
    filled = 0
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = (
            message.string if isinstance(message.string, tuple) else (message.string,)
        )
        if not message.id or any(strings) or not any(BASKET.search(i) for i in ids):
            continue
        translated = tuple(american(i) for i in ids)
        message.string = translated if isinstance(message.id, tuple) else translated[0]
        filled += 1
    with open(path, "wb") as target:
        write_po(target, catalogue, width=79, no_location=True)
    return filled


if __name__ == "__main__":
    print(f"{fill(*sys.argv[1:])} American messages filled.")
