"""Bid notices: what a vendor learns of the competition on a project.

``OSCAR_BIDDING_BID_NOTICES`` chooses: ``None`` nothing; ``"count"`` how many
submitted proposals the project has; ``"lowest"`` that, and whether the
vendor's own submitted proposal is the lowest total, never the amounts of
others.

Only submitted proposals compete: a draft, a declined or withdrawn proposal,
or one whose changes the customer requested (until it is submitted again) is
neither counted nor compared. Totals are compared tax included (what the
customer pays). Equal totals are all lowest: a vendor stops being the lowest
only when another submitted proposal is strictly cheaper, and is then
e-mailed (``BIDDING_PROPOSAL_UNDERCUT``) by :meth:`LowestWatch.undercut`,
called by the proposal service under the project's row lock.

Pages read the notices from annotations (:func:`with_proposal_count`,
:func:`with_lowest`): one subquery each, so a page of 50 projects runs the
queries of a page of one.
"""

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from oscar.core.loading import get_class, get_model

from oscar_bidding.conf import setting

Proposal = get_model("bidding", "Proposal")

OFF = None
COUNT = "count"
LOWEST = "lowest"


def mode():
    """``None``, ``"count"`` or ``"lowest"``; anything else is off."""
    chosen = setting("OSCAR_BIDDING_BID_NOTICES")
    return chosen if chosen in (COUNT, LOWEST) else OFF


def shows_count():
    return mode() in (COUNT, LOWEST)


def shows_lowest():
    return mode() == LOWEST


def competing():
    """The proposals that are counted and compared."""
    return Proposal.objects.filter(status=Proposal.SUBMITTED)


def proposal_count(project_ref="pk"):
    """A subquery: the submitted proposals of the project ``project_ref``
    (an outer reference) names."""
    counts = (
        competing()
        .filter(project=OuterRef(project_ref))
        .order_by()
        .values("project")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts), 0)


def with_proposal_count(projects):
    """``projects`` annotated with ``num_proposals`` (0 when notices are off:
    the templates then show nothing)."""
    if not shows_count():
        return projects
    return projects.annotate(num_proposals=proposal_count())


def with_lowest(proposals):
    """``proposals`` annotated with ``is_lowest``: ``True`` or ``False`` for a
    submitted proposal, ``None`` for any other (not competing), or when
    notices are not ``"lowest"`` (then no subquery at all)."""
    if not shows_lowest():
        return proposals
    cheaper = competing().filter(
        project=OuterRef("project_id"),
        amount_incl_tax__lt=OuterRef("amount_incl_tax"),
    )
    return proposals.annotate(
        is_lowest=Case(
            When(status=Proposal.SUBMITTED, then=~Exists(cheaper)),
            default=None,
            output_field=BooleanField(null=True),
        )
    )


def own_proposals(user):
    """Prefetch, as ``project.own_proposals``, the proposals of the user's
    partners, each with ``is_lowest``."""
    vendor_proposals = get_class("bidding.access", "vendor_proposals")
    return Prefetch(
        "proposals",
        queryset=with_lowest(vendor_proposals(user).order_by("pk")),
        to_attr="own_proposals",
    )


def with_project_notices(proposals):
    """``proposals`` annotated with their project's ``project_num_proposals``
    and their own ``is_lowest``, as the notices allow."""
    if shows_count():
        proposals = proposals.annotate(
            project_num_proposals=proposal_count("project_id")
        )
    return with_lowest(proposals)


def lowest_ids(project):
    """The primary keys of the project's lowest submitted proposals (ties
    included); one query. Call it under the project's row lock."""
    totals = dict(
        competing().filter(project=project).values_list("pk", "amount_incl_tax")
    )
    if not totals:
        return set()
    lowest = min(totals.values())
    return {pk for pk, total in totals.items() if total == lowest}


class LowestWatch:
    """Who stops being the lowest when a proposal is submitted or revised.

    :meth:`before` reads the lowest proposals before the change, :meth:`undercut`
    after it, both under the project's row lock, so that two submissions at
    once are compared one after the other. Off unless notices are
    ``"lowest"``: then neither runs a query.
    """

    def before(self, project):
        return lowest_ids(project) if shows_lowest() else None

    def undercut(self, project, before, proposal):
        """The proposals that were lowest before and are not now, but
        ``proposal`` (whose vendor made the change), as a list."""
        if before is None or not before:
            return []
        now = lowest_ids(project)
        lost = before - now - {proposal.pk}
        if not lost:
            return []
        return list(
            Proposal.objects.filter(pk__in=lost)
            .select_related("partner", "project")
            .order_by("pk")
        )
