"""Every ``OSCAR_BIDDING_*`` setting and its default, in one place.

A shop overrides any of them in its own settings module; code reads them through
:func:`oscar_bidding.conf.setting` so that the defaults here always apply.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy

#: Currency of projects and proposals; ``None`` means ``OSCAR_DEFAULT_CURRENCY``.
OSCAR_BIDDING_CURRENCY = None

#: The class loader that ``oscar_bidding.loading.class_loader`` hands every
#: label but ``bidding`` and ``bidding_dashboard`` to: Oscar's own, or the one a
#: shop set in ``OSCAR_DYNAMIC_CLASS_LOADER`` before.
OSCAR_BIDDING_WRAPPED_CLASS_LOADER = "oscar.core.loading.default_class_loader"

#: Let a customer accept several proposals of one project. When ``False`` (the
#: default) accepting a proposal rejects the others, and the database refuses a
#: second accepted proposal.
OSCAR_BIDDING_ALLOW_SEVERAL_AWARDS = False

#: How a milestone after the first becomes ready to pay (the first is ready as
#: soon as the proposal is accepted):
#:
#: - ``"vendor"`` (the default): the vendor marks it ready ("Mark as ready" on
#:   the dashboard proposal page), whenever they are ready to start it;
#: - ``"automatic"``: when the customer approves the previous milestone;
#: - ``"all"``: every milestone is ready to pay when the proposal is accepted.
OSCAR_BIDDING_MILESTONE_READINESS = "vendor"

#: Deprecated: ``True`` means ``OSCAR_BIDDING_MILESTONE_READINESS = "all"``
#: (and wins over it). Kept so that shops setting it keep their behaviour.
OSCAR_BIDDING_ALL_MILESTONES_READY = False

#: Files a vendor joins to a delivery: most files and largest file in bytes;
#: accepted types are ``OSCAR_BIDDING_ATTACHMENT_TYPES``.
OSCAR_BIDDING_MAX_DELIVERY_FILES = 5

#: Tax rate (a fraction, ``Decimal("0.20")`` for 20 %) proposed for new milestone items.
OSCAR_BIDDING_DEFAULT_TAX_RATE = Decimal("0")

#: Largest amount accepted for a budget, a unit price or a milestone.
OSCAR_BIDDING_MAX_AMOUNT = Decimal("10000000")

#: Largest quantity of one milestone item.
OSCAR_BIDDING_MAX_QUANTITY = 100000

#: Most milestones in one proposal, and most items in one milestone.
OSCAR_BIDDING_MAX_MILESTONES = 50
OSCAR_BIDDING_MAX_ITEMS_PER_MILESTONE = 100

#: Longest project description and cover letter, in characters.
OSCAR_BIDDING_MAX_TEXT_LENGTH = 10000

#: Attachments of a project: most files, largest file in bytes, accepted types
#: (content type -> file extensions). Files are checked by their content.
OSCAR_BIDDING_MAX_ATTACHMENTS = 5
OSCAR_BIDDING_MAX_ATTACHMENT_SIZE = 5 * 1024 * 1024
OSCAR_BIDDING_ATTACHMENT_TYPES = {
    "application/pdf": [".pdf"],
    "image/png": [".png"],
    "image/jpeg": [".jpg", ".jpeg"],
    "text/plain": [".txt"],
}

#: The django-haystack connection (a key of ``HAYSTACK_CONNECTIONS``) that holds
#: the open projects for the vendors' search. It must not be ``"default"``, the
#: one Oscar's storefront searches (see the installation docs, "Search").
OSCAR_BIDDING_SEARCH_CONNECTION = "bidding"

#: Page sizes of the storefront and dashboard lists.
OSCAR_BIDDING_PROJECTS_PER_PAGE = 20
OSCAR_BIDDING_DASHBOARD_ITEMS_PER_PAGE = 20

#: Invoice numbers: a ``str.format`` pattern with ``number`` (the next of one
#: gapless sequence per year when the pattern uses ``year``) and ``year``.
OSCAR_BIDDING_INVOICE_NUMBER_FORMAT = "INV-{year}-{number:06d}"

#: Order status given to an order that pays milestones (must be in the shop's
#: ``OSCAR_ORDER_STATUS_PIPELINE`` when it has one).
OSCAR_BIDDING_PAID_ORDER_STATUS = "Complete"

#: Order statuses that undo a milestone payment when staff move an order to them.
OSCAR_BIDDING_REFUND_ORDER_STATUSES = ("Cancelled", "Refunded")

#: Let a customer pay every ready milestone of a proposal in one order.
OSCAR_BIDDING_PAY_SEVERAL = False

#: Whether e-mails go to a Celery worker right after the commit. ``None`` (the
#: default): when Celery is installed. ``False``: they wait in the outbox for
#: ``bidding_relay_outbox`` (cron), which sends them itself.
OSCAR_BIDDING_OUTBOX_CELERY = None

#: Seconds an e-mail waits in the outbox before the relay enqueues it again
#: (its own enqueue failed: broker down, or the process died after the commit).
OSCAR_BIDDING_OUTBOX_RELAY_AFTER = 60

#: Failed attempts (an enqueue or a sending that failed) after which an e-mail is
#: marked failed: the relay leaves it, and staff retry it from the dashboard.
OSCAR_BIDDING_OUTBOX_MAX_ATTEMPTS = 10

#: Seconds a request waits for the Celery broker to accept a connection before
#: it leaves the e-mail to the relay. The enqueue is tried once, never retried.
OSCAR_BIDDING_OUTBOX_CONNECT_TIMEOUT = 1

#: The payment gateway that charges milestones, looks charges up and refunds
#: them: the dotted path of a subclass of ``oscar_bidding.gateway.PaymentGateway``.
#: ``None`` loads ``bidding.gateway.PaymentGateway`` with Oscar's ``get_class``:
#: Oscar's checkout, which takes no money (``manage.py check --deploy`` warns).
OSCAR_BIDDING_PAYMENT_GATEWAY = None

#: Seconds a payment attempt is left to its own checkout before
#: ``bidding_reconcile_payments`` settles it (asks the gateway, places the
#: order or marks it failed). An attempt a live process is working on is never
#: touched, however old.
OSCAR_BIDDING_RECONCILE_AFTER = 60

# The lifecycle: for each status of a project, a proposal and a milestone, the
# statuses it may change to, as Oscar's ``OSCAR_ORDER_STATUS_PIPELINE``. The
# services change a status only through ``set_status``, which refuses
# (``InvalidTransition``) a change its pipeline does not list, and pages offer
# only the actions the pipeline allows. A shop may remove transitions (forbid
# cancelling an accepted proposal, say); adding a status needs a model fork.
# docs/concepts.rst draws them.

#: Projects: open to proposals, awarded, then completed; or cancelled by the
#: customer or closed when the bidding deadline passes.
OSCAR_BIDDING_PROJECT_PIPELINE = {
    "open": ("awarded", "cancelled", "closed"),
    "awarded": ("completed",),
    "completed": (),
    "cancelled": (),
    "closed": (),
}

#: Proposals: a draft is submitted (or withdrawn, or the vendor declines to
#: bid); the customer accepts or rejects a submitted one, or requests changes
#: (the vendor edits it and submits it again: a new revision); the vendor may
#: withdraw it; an accepted one completes with its last milestone. While
#: changes are requested the customer cannot accept (there is no revision to
#: accept yet) but may reject.
OSCAR_BIDDING_PROPOSAL_PIPELINE = {
    "draft": ("submitted", "withdrawn", "declined"),
    "submitted": ("accepted", "rejected", "withdrawn", "changes_requested"),
    "changes_requested": ("submitted", "rejected", "withdrawn"),
    "accepted": ("completed", "cancelled"),
    "rejected": (),
    "withdrawn": (),
    "declined": (),
    "completed": (),
    "cancelled": (),
}

#: Milestones: pending until ready to pay (see
#: ``OSCAR_BIDDING_MILESTONE_READINESS``), paid by the customer, delivered by
#: the vendor (with a note and files), then approved by the customer, which
#: completes it. The customer may instead ask for a revision (the vendor
#: delivers again) or open a dispute, which shop staff decide: for the vendor
#: (completed), a partial refund (completed, the refund recorded) or a full
#: refund (refunded). A refund of a paid milestone makes it ready to pay again.
#: Unpaid milestones are cancelled only when a project completes with them
#: (``OSCAR_BIDDING_COMPLETE_CANCELS_UNPAID``).
OSCAR_BIDDING_MILESTONE_PIPELINE = {
    "pending": ("ready_to_pay", "cancelled"),
    "ready_to_pay": ("paid", "cancelled"),
    "paid": ("delivered", "ready_to_pay"),
    "delivered": ("completed", "revision_requested", "disputed"),
    "revision_requested": ("delivered", "disputed"),
    "disputed": ("completed", "refunded"),
    "completed": (),
    "cancelled": (),
    "refunded": (),
}

#: What "Mark project completed" does to milestones not yet paid. ``False``
#: (the default): it is refused while any milestone is unpaid or paid and not
#: completed. ``True``: the unpaid milestones (pending or ready to pay) are
#: cancelled, each change recorded; a paid milestone not yet completed still
#: refuses it.
OSCAR_BIDDING_COMPLETE_CANCELS_UNPAID = False

#: Let a vendor give a milestone of their proposal to a sub-vendor (another
#: partner of the shop) in the proposal form. The sub-vendor's dashboard users
#: see that milestone, and only it, and its order line carries the sub-vendor
#: as Oscar's line partner. Which partners may be picked is
#: ``oscar_bidding.access.sub_vendor_partners``: every partner but the
#: vendor's own (a shop overrides the function to narrow it). ``False`` hides
#: the field and refuses sub-vendors.
OSCAR_BIDDING_SUB_VENDORS = True

#: Omnyfy's "Project Communications": who talks in a project's conversations.
#: ``"direct"`` (the default): the customer and each vendor talk to each
#: other, and shop staff may read and post as the marketplace.
#: ``"marketplace"``: each side talks only with shop staff: a customer and a
#: vendor never see each other's messages, and staff relay what must be.
OSCAR_BIDDING_PROJECT_COMMUNICATIONS = "direct"

#: At most one e-mail about new messages per conversation and per side (the
#: customer, the vendor's users, staff) in this many minutes: the first new
#: message sends one, the ones after it within the interval do not.
OSCAR_BIDDING_MESSAGE_EMAIL_INTERVAL = 15

#: Files joined to one message, checked as project attachments are.
OSCAR_BIDDING_MAX_MESSAGE_FILES = 5

#: Whether a customer must choose a project type when posting a project.
#: ``False`` (the default): the type is optional, and projects without one
#: (all those posted before types existed) keep working.
OSCAR_BIDDING_PROJECT_TYPE_REQUIRED = False

#: The shop's terms and conditions, which a vendor accepts (with the
#: project's own, if its customer added any) to submit a proposal. Empty (the
#: default): none. The URL of a flat page (Oscar's flatpages, e.g.
#: ``"/terms/"``): its title and text as they are when the vendor accepts.
#: Any other value: the terms themselves, as text.
OSCAR_BIDDING_TERMS = ""

#: Days after the (latest) delivery of a milestone after which, when the
#: customer has neither approved it, asked for a revision nor opened a
#: dispute, it is approved by the system (``bidding_auto_approve`` or the
#: ``oscar_bidding.tasks.auto_approve`` task, run from cron or Celery beat).
#: ``0`` or ``None``: never; deliveries wait for the customer.
OSCAR_BIDDING_AUTO_APPROVE_DAYS = 14

#: Days before the automatic approval the customer is e-mailed a reminder,
#: once per delivery. ``0`` or ``None``: no reminder.
OSCAR_BIDDING_AUTO_APPROVE_REMINDER_DAYS = 3

#: The events that land in Oscar's notifications inbox besides their e-mail,
#: each for whoever must act on it (``oscar_bidding.services.inbox``): a new
#: or changed proposal, a milestone ready to pay or delivered (the customer);
#: a revision asked for, a dispute, changes requested (the vendor's users); a
#: new message (the other side). Leave a code out to keep that event out of
#: the inbox; ``[]`` for none.
OSCAR_BIDDING_INBOX_EVENTS = [
    "proposal_submitted",
    "proposal_changed",
    "proposal_changes_requested",
    "message_posted",
    "milestone_ready",
    "milestone_delivered",
    "milestone_revision_requested",
    "milestone_disputed",
]

# Bid notices and e-mails about new projects and proposals -------------------

#: What vendors learn of the competition on a project they may bid on, in the
#: dashboard and the API: ``None`` nothing; ``"count"`` how many submitted
#: proposals it has; ``"lowest"`` that, and whether their own submitted
#: proposal is the lowest total (tax included; a tie is lowest for all of
#: them), never the amounts of others. With ``"lowest"`` a vendor is e-mailed
#: when a new or revised proposal undercuts theirs.
OSCAR_BIDDING_BID_NOTICES = "count"

#: How the customer hears of a new proposal: ``"each"`` an e-mail per
#: proposal; ``"daily"`` one e-mail a day listing the day's new proposals
#: (``bidding_send_digests``, or the ``send_digests`` task from Celery beat);
#: ``None`` no e-mail (the notifications inbox still shows them).
OSCAR_BIDDING_PROPOSAL_EMAILS = "each"

#: How vendors who may bid on a newly posted open project hear of it:
#: ``"each"`` an e-mail per project to each vendor's users; ``"daily"`` one
#: e-mail per vendor a day listing the day's new projects; ``None`` none.
#: Invited vendors of an invite-only project get their invitation instead.
OSCAR_BIDDING_NEW_PROJECT_EMAILS = "each"

#: Who may bid on a new project (issue "Match projects and vendors"):
#: ``False`` (the default), every vendor offering its type (or, for a project
#: without a type, every vendor); ``True``, only the vendors its customer
#: invites. Existing projects keep their own choice.
OSCAR_BIDDING_INVITE_ONLY = False

#: Whether the customer chooses, on the project form, between open and
#: invite-only; ``False``: every new project follows ``OSCAR_BIDDING_INVITE_ONLY``.
OSCAR_BIDDING_CUSTOMER_CHOOSES_AUDIENCE = True

#: How many vendors a customer may invite to one project (all invitations
#: together). Vendors invited for a quote request do not count.
OSCAR_BIDDING_MAX_INVITES = 5

#: What pages call the invited vendors ("Term for Invitees"): a shop may say
#: "Shortlisted suppliers".
OSCAR_BIDDING_INVITEE_TERM = gettext_lazy("Invited vendors")

# Quote requests (Omnyfy's product mode) -----------------------------------------

#: Slugs of catalogue product classes whose products customers may ask a
#: quote for, besides those staff mark in the dashboard (Marketplace
#: Management > Quotable product types, where a class also gets the project
#: type its quote requests post and may hide "Add to basket"). A class listed
#: here only gets "Request a quote" beside "Add to basket", and an untyped
#: project unless the dashboard names its type.
OSCAR_BIDDING_QUOTABLE_PRODUCT_CLASSES = ()

# REST API (the ``api`` extra: ``oscar_bidding.api``) ---------------------------

#: Endpoints of ``oscar_bidding.api.urls`` to leave out, by name: a resource
#: (``"projects"``, ``"open-projects"``, ``"proposals"``, ``"milestones"``,
#: ``"payments"``, ``"invoices"``, ``"timeline"``) or one of its actions
#: (``"milestones.pay"``, ``"invoices.pdf"``, ``"proposals.accept"``…). A
#: left-out resource is not routed (404); a left-out action answers 404.
OSCAR_BIDDING_API_DISABLED_ENDPOINTS = ()

#: Rows per page of the API's lists; ``?page_size=`` may ask for fewer, or up
#: to ``OSCAR_BIDDING_API_MAX_PAGE_SIZE``.
OSCAR_BIDDING_API_PAGE_SIZE = 20
OSCAR_BIDDING_API_MAX_PAGE_SIZE = 100

#: Throttle rates of the API per user (or per IP address for anonymous
#: requests), as Django REST framework writes them (``"100/minute"``): ``read``
#: for GET, ``action`` for everything that changes something. ``None``: not
#: throttled.
OSCAR_BIDDING_API_THROTTLE_RATES = {"read": None, "action": None}
