"""The terms and conditions a vendor accepts to submit a proposal: the shop's
(``OSCAR_BIDDING_TERMS``) and the project's own (text, file, or both).

:class:`Terms` reads them as they are now; what a vendor accepted is a copy of
:meth:`Terms.record` kept on the proposal (``Proposal.accepted_terms``) with
its hash (``Proposal.terms_hash``), so later changes do not rewrite it. The
acceptance itself is :class:`oscar_bidding.services.terms.TermsAcceptance`.
"""

import hashlib
import json

from django.utils.html import strip_tags

from oscar_bidding.conf import setting


def is_flatpage_url(value):
    """A setting value that names a flat page: one path, no spaces."""
    value = value.strip()
    return value.startswith("/") and not any(c.isspace() for c in value)


def shop_terms():
    """The shop's terms as a dict (``title``, ``url``, ``text``), or ``None``.

    A flat page that does not exist (yet) is still named by its URL, with no
    text.
    """
    value = (setting("OSCAR_BIDDING_TERMS") or "").strip()
    if not value:
        return None
    if not is_flatpage_url(value):
        return {"title": "", "url": "", "text": value}
    from django.contrib.flatpages.models import FlatPage

    page = FlatPage.objects.filter(url=value).only("title", "content").first()
    if page is None:
        return {"title": "", "url": value, "text": ""}
    return {"title": page.title, "url": value, "text": strip_tags(page.content)}


def file_sha256(field_file):
    digest = hashlib.sha256()
    with field_file.open("rb") as handle:
        for chunk in handle.chunks():
            digest.update(chunk)
    return digest.hexdigest()


class Terms:
    """The terms of one project as they are now."""

    def __init__(self, project):
        self.project = project

    @property
    def shop(self):
        if not hasattr(self, "_shop"):
            self._shop = shop_terms()
        return self._shop

    @property
    def has_project_terms(self):
        return bool(self.project.terms.strip() or self.project.terms_file)

    def exist(self):
        """Whether there is anything to accept."""
        return bool(self.shop) or self.has_project_terms

    def __bool__(self):
        return self.exist()

    def record(self):
        """What is stored on the proposal when the vendor accepts: a copy of
        the text, and the project's file by name, SHA-256 and stored name (a
        replaced file is kept, so the accepted one stays readable)."""
        project_file = None
        if self.project.terms_file:
            project_file = {
                "name": self.project.terms_file_name,
                "path": self.project.terms_file.name,
                "sha256": file_sha256(self.project.terms_file),
            }
        return {
            "shop": self.shop,
            "project": {"text": self.project.terms, "file": project_file}
            if self.has_project_terms
            else None,
        }


def terms_hash(record):
    """The version of a :meth:`Terms.record`: the SHA-256 of its canonical JSON."""
    canonical = json.dumps(record, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
