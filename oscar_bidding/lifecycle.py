"""The lifecycle of projects, proposals and milestones, in one place.

Each model declares its statuses and a pipeline setting
(``OSCAR_BIDDING_PROJECT_PIPELINE``, ``..._PROPOSAL_PIPELINE``,
``..._MILESTONE_PIPELINE``: status -> the statuses it may change to). A change
goes through the model's ``set_status`` (or, for many rows changed by one
``UPDATE``, :func:`record_transitions`), which:

1. refuses a change the pipeline does not allow (:class:`InvalidTransition`);
2. writes one audit row (``StatusChange``) in the caller's transaction;
3. sends ``status_changed`` and the transition's own signal
   (:data:`SIGNALS`) once that transaction commits, never on a rollback.

Services call these under the row locks they take; nothing else changes a
status.
"""

import logging

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from oscar.core.loading import get_model

from oscar_bidding import signals
from oscar_bidding.conf import setting
from oscar_bidding.exceptions import InvalidTransition

logger = logging.getLogger("oscar_bidding.lifecycle")

#: Who made a change, as the audit trail records it.
CUSTOMER = "customer"
VENDOR = "vendor"
STAFF = "staff"
SYSTEM = "system"

#: The signal of each transition, by object and new status; a
#: ``(object, old, new)`` key wins over ``(object, new)``. A milestone refunded
#: after delivery keeps its status: that event is ``completed`` -> ``completed``.
SIGNALS = {
    ("project", "open"): signals.project_posted,
    ("project", "awarded"): signals.project_awarded,
    ("project", "completed"): signals.project_completed,
    ("project", "cancelled"): signals.project_cancelled,
    ("project", "closed"): signals.project_closed,
    ("proposal", "draft"): signals.proposal_created,
    ("proposal", "submitted"): signals.proposal_submitted,
    ("proposal", "accepted"): signals.proposal_accepted,
    ("proposal", "rejected"): signals.proposal_rejected,
    ("proposal", "withdrawn"): signals.proposal_withdrawn,
    ("proposal", "declined"): signals.proposal_declined,
    ("proposal", "completed"): signals.proposal_completed,
    ("proposal", "cancelled"): signals.proposal_cancelled,
    ("proposal", "changes_requested"): signals.proposal_changes_requested,
    ("proposal", "changes_requested", "submitted"): signals.proposal_resubmitted,
    ("milestone", "ready_to_pay"): signals.milestone_ready,
    ("milestone", "paid", "ready_to_pay"): signals.milestone_refunded,
    ("milestone", "completed", "completed"): signals.milestone_refunded,
    ("milestone", "paid"): signals.milestone_paid,
    ("milestone", "delivered"): signals.milestone_delivered,
    ("milestone", "revision_requested"): signals.milestone_revision_requested,
    ("milestone", "disputed"): signals.milestone_disputed,
    ("milestone", "completed"): signals.milestone_approved,
    ("milestone", "cancelled"): signals.milestone_cancelled,
    # A dispute decided with a full refund; a refund that keeps a delivered,
    # revised or disputed milestone's status (staff's refund of its payment).
    ("milestone", "refunded"): signals.milestone_refunded,
    ("milestone", "delivered", "delivered"): signals.milestone_refunded,
    ("milestone", "revision_requested", "revision_requested"): (
        signals.milestone_refunded
    ),
    ("milestone", "disputed", "disputed"): signals.milestone_refunded,
}


#: How milestones after the first become ready to pay
#: (``OSCAR_BIDDING_MILESTONE_READINESS``).
#: The actions of ``actions_for(user)``, as a refusal words them ("You cannot
#: <verb> this milestone").
ACTION_VERBS = {
    "edit": pgettext_lazy("action", "edit"),
    "cancel": pgettext_lazy("action", "cancel"),
    "complete": pgettext_lazy("action", "complete"),
    "accept": pgettext_lazy("action", "accept"),
    "reject": pgettext_lazy("action", "reject"),
    "submit": pgettext_lazy("action", "submit"),
    "withdraw": pgettext_lazy("action", "withdraw"),
    "delete_draft": pgettext_lazy("action", "delete"),
    "pay": pgettext_lazy("action", "pay"),
    "mark_ready": pgettext_lazy("action", "mark ready"),
    "deliver": pgettext_lazy("action", "deliver"),
    "approve": pgettext_lazy("action", "approve"),
    "request_revision": pgettext_lazy("action", "ask for a revision of"),
    "dispute": pgettext_lazy("action", "dispute"),
}


def action_verb(action):
    """How a refusal names ``action``: its verb, or the action itself when a
    shop's own action has none here."""
    return ACTION_VERBS.get(action, action)


#: How a sentence names each object ("this milestone"): its own word, not the
#: lowercased model name, for languages (German) whose nouns keep a capital.
SENTENCE_NAMES = {
    "project": pgettext_lazy("in a sentence", "project"),
    "proposal": pgettext_lazy("in a sentence", "proposal"),
    "milestone": pgettext_lazy("in a sentence", "milestone"),
}


def sentence_name(obj):
    meta = obj._meta
    return SENTENCE_NAMES.get(meta.model_name) or meta.verbose_name.lower()


def refusal(obj, action, status=None):
    """Why ``action`` is refused for ``obj`` in its ``status`` (its current one
    by default): the one wording of every refusal of the lifecycle."""
    label = dict(obj.STATUS_CHOICES).get(status or obj.status, status or obj.status)
    return _("You cannot %(action)s this %(object)s: it is %(status)s.") % {
        "action": action_verb(action),
        "object": sentence_name(obj),
        "status": str(label).lower(),
    }


READY_BY_VENDOR = "vendor"
READY_AUTOMATICALLY = "automatic"
READY_ALL = "all"


def timeline(changes=None):
    """Prefetch an object's status changes as ``timeline``, with what each
    row shows (who, which milestone, the delivery and its files): one query
    however long the timeline. ``changes`` narrows the rows."""
    if changes is None:
        changes = get_model("bidding", "StatusChange").objects.all()
    return Prefetch(
        "status_changes",
        queryset=changes.select_related(
            "user", "milestone", "delivery"
        ).prefetch_related("delivery__files"),
        to_attr="timeline",
    )


def milestone_readiness():
    """``vendor``, ``automatic`` or ``all``; the deprecated
    ``OSCAR_BIDDING_ALL_MILESTONES_READY = True`` means ``all``."""
    if setting("OSCAR_BIDDING_ALL_MILESTONES_READY"):
        return READY_ALL
    return setting("OSCAR_BIDDING_MILESTONE_READINESS")


def pipeline(obj):
    """The pipeline of ``obj``'s model (an instance or the class)."""
    return setting(obj.pipeline_setting)


def is_allowed(obj, old_status, new_status):
    return new_status in pipeline(obj).get(old_status, ())


def require_transition(obj, old_status, new_status, action=None):
    """Raise :class:`InvalidTransition` unless the pipeline allows the change."""
    if is_allowed(obj, old_status, new_status):
        return
    if action:
        raise InvalidTransition(refusal(obj, action, old_status))
    labels = dict(obj.STATUS_CHOICES)
    raise InvalidTransition(
        _("A %(object)s cannot change from %(old)s to %(new)s.")
        % {
            "object": sentence_name(obj),
            "old": str(labels.get(old_status, old_status)).lower(),
            "new": str(labels.get(new_status, new_status)).lower(),
        }
    )


def role_of(obj, user):
    """Who ``user`` is to ``obj`` (a project, proposal or milestone)."""
    if user is None or not user.is_authenticated:
        return SYSTEM
    if obj.lifecycle_name == "project":
        if user.pk == obj.customer_id:
            return CUSTOMER
        return STAFF if user.is_staff else VENDOR
    proposal = obj if obj.lifecycle_name == "proposal" else obj.proposal
    return proposal.role_for(user) or (STAFF if user.is_staff else VENDOR)


def record_transition(obj, old_status, new_status, user=None, role=None, note=""):
    """Record that ``obj`` changed from ``old_status`` to ``new_status``.

    For code that changes a status itself (an ``UPDATE``, or a ``save`` of
    several fields): checks the pipeline, writes the audit row and sends the
    signals after commit. ``old_status`` ``""`` records an object's creation;
    ``old_status == new_status`` records an event that keeps the status (a
    delivered milestone refunded). Call it inside the change's transaction.
    """
    return record_transitions(
        [obj], old_status, new_status, user=user, role=role, note=note
    )[0]


def record_transitions(objs, old_status, new_status, user=None, role=None, note=""):
    """:func:`record_transition` for many objects of one model that made the
    same change (milestones paid by one order): one ``INSERT``."""
    objs = list(objs)
    if not objs:
        return []
    first = objs[0]
    if old_status and old_status != new_status:
        require_transition(first, old_status, new_status)
    elif new_status not in pipeline(first):
        require_transition(first, old_status, new_status)
    if role is None:
        role = role_of(first, user)
    StatusChange = get_model("bidding", "StatusChange")
    rows = StatusChange.objects.bulk_create(
        [
            StatusChange(
                subject=obj.lifecycle_name,
                user=user if user is not None and user.is_authenticated else None,
                role=role,
                old_status=old_status or "",
                new_status=new_status,
                note=note,
                **subject_fields(obj),
            )
            for obj in objs
        ]
    )
    for obj in objs:
        obj.status = new_status
    send_after_commit(objs, old_status or "", new_status, user, role, note)
    return rows


def subject_fields(obj):
    if obj.lifecycle_name == "project":
        return {"project": obj}
    if obj.lifecycle_name == "proposal":
        return {"proposal": obj}
    return {"milestone": obj, "proposal_id": obj.proposal_id}


def signal_for(name, old_status, new_status):
    return SIGNALS.get((name, old_status, new_status)) or SIGNALS.get(
        (name, new_status)
    )


def send_after_commit(objs, old_status, new_status, user, role, note):
    """Send the transition's signals once the transaction commits; a receiver
    that fails is logged and does not stop the others."""
    specific = signal_for(objs[0].lifecycle_name, old_status, new_status)
    sent = [s for s in (signals.status_changed, specific) if s is not None]
    if not any(s.has_listeners(objs[0]._meta.model) for s in sent):
        return  # nobody listens: no callback to run after the commit

    def send():
        for obj in objs:
            kwargs = {
                "instance": obj,
                "user": user,
                "role": role,
                "old_status": old_status,
                "new_status": new_status,
                "note": note,
            }
            for signal in sent:
                for receiver, response in signal.send_robust(
                    sender=obj._meta.model, **kwargs
                ):
                    if isinstance(response, Exception):
                        logger.error(
                            "Receiver %r of a %s signal failed",
                            receiver,
                            obj.lifecycle_name,
                            exc_info=response,
                        )

    transaction.on_commit(send)
