"""Quote requests from catalogue products (issue 12, Omnyfy's product mode):
quotable product types, "Request a quote" on their pages, the quote list
(never the basket), the request posted as a project of the matching type
listing its products, and the stocking vendor's proposal form starting with
them."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_product, create_stockrecord

from oscar_bidding import signals
from oscar_bidding.exceptions import BiddingError, QuoteOnly
from tests import factories

Basket = get_model("basket", "Basket")
Project = get_model("bidding", "Project")
ProjectType = get_model("bidding", "ProjectType")
ProjectQuestion = get_model("bidding", "ProjectQuestion")
QuotableProductClass = get_model("bidding", "QuotableProductClass")
QuoteItem = get_model("bidding", "QuoteItem")
StatusChange = get_model("bidding", "StatusChange")
OutboxMessage = get_model("bidding", "OutboxMessage")
Invitation = get_model("bidding", "Invitation")
ProductClass = get_model("catalogue", "ProductClass")
QuoteList, QuoteLine = (
    get_class("bidding.quotes", "QuoteList"),
    get_class("bidding.quotes", "QuoteLine"),
)
QuoteRequestService = get_class("bidding.services.quotes", "QuoteRequestService")
MilestonePaymentService = get_class(
    "bidding.services.payments", "MilestonePaymentService"
)
OutboxService = get_class("bidding.services.outbox", "OutboxService")

QUOTE_LIST = reverse("bidding:quote-list")
QUOTE_SUBMIT = reverse("bidding:quote-submit")


def add_url(product):
    return reverse("bidding:quote-add", kwargs={"pk": product.pk})


@pytest.fixture
def bathroom():
    """A project type asking one required question."""
    project_type = ProjectType.objects.create(name="Bathroom fittings")
    question = ProjectQuestion.objects.create(
        project_type=project_type,
        label="Fitting included?",
        kind="yes_no",
        required=True,
    )
    return project_type, question


@pytest.fixture
def fittings(bathroom, vendor):
    """Two products of a quotable class, stocked by the vendor."""
    project_type, _question = bathroom
    partner = vendor.partners.get()
    bath = create_product(
        title="Clawfoot bath",
        product_class="Bathroom",
        partner_name=partner.name,
        price=Decimal("850.00"),
        num_in_stock=3,
    )
    basin = create_product(
        title="Stone basin",
        product_class="Bathroom",
        partner_name=partner.name,
        price=Decimal("120.50"),
        num_in_stock=9,
    )
    QuotableProductClass.objects.create(
        product_class=bath.product_class, project_type=project_type
    )
    return bath, basin


@pytest.fixture
def kettle():
    """A product of an ordinary class: bought, not quoted."""
    return create_product(
        title="Kettle",
        product_class="Kitchen",
        price=Decimal("25.00"),
        num_in_stock=10,
    )


@pytest.fixture
def shopper(client, customer):
    client.force_login(customer)
    return client


def session_of(client):
    return SessionStore(session_key=client.cookies["sessionid"].value)


def quote_rows(client):
    return QuoteList(session_of(client)).rows


def quote_data(question, **fields):
    data = {
        "title": "Bathroom refit",
        "description": "A bath and a basin.",
        "bidding_deadline": (
            timezone.localdate() + datetime.timedelta(days=10)
        ).isoformat(),
        f"answer_{question.pk}": "yes",
    }
    data.update(fields)
    return data


def basket_state(customer):
    basket = Basket.open.get(owner=customer)
    return (
        basket.pk,
        basket.status,
        basket.milestone_locked,
        list(basket.lines.order_by("pk").values_list("product_id", "quantity")),
    )


# The product page --------------------------------------------------------------


def test_quotable_product_page_offers_request_a_quote_beside_add_to_basket(
    shopper, fittings
):
    bath, _basin = fittings

    page = shopper.get(bath.get_absolute_url())

    assert page.status_code == 200
    assert 'id="quote_form"' in page.text
    assert add_url(bath) in page.text
    assert "Request a quote" in page.text
    assert 'id="add_to_basket_form"' in page.text


def test_quote_only_product_type_hides_add_to_basket(shopper, fittings):
    bath, _basin = fittings
    QuotableProductClass.objects.filter(product_class=bath.product_class).update(
        quote_only=True
    )

    page = shopper.get(bath.get_absolute_url())

    assert 'id="quote_form"' in page.text
    assert 'id="add_to_basket_form"' not in page.text


def test_a_quote_only_product_is_never_added_to_a_basket(shopper, fittings):
    """Not by Oscar's add-to-basket POST (a product list's button, a form kept
    from before), nor by the basket's own add_product (a re-order)."""
    bath, basin = fittings
    QuotableProductClass.objects.filter(product_class=bath.product_class).update(
        quote_only=True
    )

    response = shopper.post(
        reverse("basket:add", kwargs={"pk": bath.pk}), {"quantity": 1}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "“Clawfoot bath” is sold by quotation: use Request a quote on its page."
    ]
    basket = Basket.open.get(owner=response.context["user"])
    assert not basket.lines.exists()
    with pytest.raises(QuoteOnly):
        basket.add_product(basin)
    assert not basket.lines.exists()


def test_a_quotable_product_beside_add_to_basket_is_still_bought(shopper, fittings):
    bath, _basin = fittings

    response = shopper.post(
        reverse("basket:add", kwargs={"pk": bath.pk}), {"quantity": 1}, follow=True
    )

    basket = Basket.open.get(owner=response.context["user"])
    assert list(basket.lines.values_list("product_id", flat=True)) == [bath.pk]


def test_ordinary_product_page_has_no_quote_form(shopper, kettle):
    page = shopper.get(kettle.get_absolute_url())

    assert 'id="add_to_basket_form"' in page.text
    assert 'id="quote_form"' not in page.text


def test_setting_makes_a_product_type_quotable(shopper, kettle):
    with override_settings(OSCAR_BIDDING_QUOTABLE_PRODUCT_CLASSES=["kitchen"]):
        page = shopper.get(kettle.get_absolute_url())

    assert 'id="quote_form"' in page.text
    assert 'id="add_to_basket_form"' in page.text


# The quote list ------------------------------------------------------------------


def test_request_a_quote_lists_the_product_with_its_quantity_and_note(
    shopper, fittings
):
    bath, _basin = fittings

    response = shopper.post(add_url(bath), {"quantity": "2", "note": "White"})

    assert response.status_code == 302
    assert response["Location"] == QUOTE_LIST
    assert quote_rows(shopper) == [{"product": bath.pk, "quantity": 2, "note": "White"}]
    page = shopper.get(QUOTE_LIST)
    assert "Clawfoot bath" in page.text


def test_requesting_the_same_product_again_adds_to_its_quantity(shopper, fittings):
    bath, _basin = fittings

    shopper.post(add_url(bath), {"quantity": "2"})
    shopper.post(add_url(bath), {"quantity": "3"})

    assert quote_rows(shopper) == [{"product": bath.pk, "quantity": 5, "note": ""}]


def test_quote_for_a_product_that_is_not_quotable_is_refused(shopper, kettle):
    response = shopper.post(add_url(kettle), {"quantity": "1"}, follow=True)

    assert "“Kettle” cannot be quoted: add it to your basket." in response.text
    assert "oscar_bidding_quote" not in session_of(shopper)


def test_quote_for_a_product_that_is_not_public_is_refused(shopper, fittings):
    bath, _basin = fittings
    bath.is_public = False
    bath.save()

    response = shopper.post(add_url(bath), {"quantity": "1"}, follow=True)

    assert "“Clawfoot bath” is not for sale." in response.text
    assert "oscar_bidding_quote" not in session_of(shopper)


@pytest.mark.parametrize("quantity", ["0", "-1", "two", "", "100001"])
def test_quote_with_a_bad_quantity_is_refused(shopper, fittings, quantity):
    bath, _basin = fittings

    response = shopper.post(add_url(bath), {"quantity": quantity}, follow=True)

    assert response.redirect_chain[-1][0] == bath.get_absolute_url()
    assert "quantity" in response.text.lower()
    assert "oscar_bidding_quote" not in session_of(shopper)


def test_adding_beyond_the_largest_quantity_is_refused(shopper, fittings):
    bath, _basin = fittings
    shopper.post(add_url(bath), {"quantity": "100000"})

    response = shopper.post(add_url(bath), {"quantity": "1"}, follow=True)

    assert "The quantity must be between 1 and 100000." in response.text
    assert quote_rows(shopper) == [{"product": bath.pk, "quantity": 100000, "note": ""}]


def test_quote_list_changes_quantities_and_notes_and_removes_products(
    shopper, fittings
):
    bath, basin = fittings
    shopper.post(add_url(bath), {"quantity": "1"})
    shopper.post(add_url(basin), {"quantity": "1"})

    shopper.post(
        QUOTE_LIST,
        {
            "quote-TOTAL_FORMS": "2",
            "quote-INITIAL_FORMS": "2",
            "quote-0-product": bath.pk,
            "quote-0-quantity": "4",
            "quote-0-note": "Enamel",
            "quote-1-product": basin.pk,
            "quote-1-quantity": "1",
            "quote-1-remove": "on",
        },
    )

    assert quote_rows(shopper) == [
        {"product": bath.pk, "quantity": 4, "note": "Enamel"}
    ]


def test_quote_list_refuses_a_bad_quantity_and_keeps_the_list(shopper, fittings):
    bath, _basin = fittings
    shopper.post(add_url(bath), {"quantity": "2"})

    page = shopper.post(
        QUOTE_LIST,
        {
            "quote-TOTAL_FORMS": "1",
            "quote-INITIAL_FORMS": "1",
            "quote-0-product": bath.pk,
            "quote-0-quantity": "0",
        },
    )

    assert page.status_code == 200
    assert "Your quote request was not updated" in page.text
    assert quote_rows(shopper) == [{"product": bath.pk, "quantity": 2, "note": ""}]


# Posting the request -----------------------------------------------------------


def test_quote_request_posts_a_project_of_the_type_listing_the_products(
    shopper, customer, fittings, bathroom, django_capture_on_commit_callbacks
):
    bath, basin = fittings
    project_type, question = bathroom
    shopper.post(add_url(bath), {"quantity": "1", "note": "Cast iron"})
    shopper.post(add_url(basin), {"quantity": "2"})
    form = shopper.get(QUOTE_SUBMIT)
    assert "Fitting included?" in form.text
    assert "Bathroom fittings" in form.text
    received = []
    signals.quote_requested.connect(
        lambda **kwargs: received.append(kwargs), weak=False, dispatch_uid="t"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = shopper.post(QUOTE_SUBMIT, quote_data(question))
    finally:
        signals.quote_requested.disconnect(dispatch_uid="t")

    project = Project.objects.get()
    assert response["Location"] == project.get_absolute_url()
    assert project.customer == customer
    assert project.project_type == project_type
    assert project.answers.get().value is True
    assert list(
        project.quote_items.values_list("product_id", "title", "quantity", "note")
    ) == [
        (bath.pk, "Clawfoot bath", 1, "Cast iron"),
        (basin.pk, "Stone basin", 2, ""),
    ]
    assert list(
        StatusChange.objects.filter(project=project).values_list("old_status", "note")
    ) == [
        ("", "Posted by a quote request for 2 products."),
        ("open", "Invited Vendor One"),
    ]
    assert OutboxMessage.objects.filter(
        event_code="BIDDING_QUOTE_REQUESTED", context={"quote_project_id": project.pk}
    ).exists()
    (sent,) = received
    assert sent["instance"] == project
    assert [item.title for item in sent["items"]] == ["Clawfoot bath", "Stone basin"]
    assert sent["user"] == customer
    assert "oscar_bidding_quote" not in session_of(shopper)


def test_quote_request_project_page_lists_the_products(shopper, fittings, bathroom):
    bath, basin = fittings
    _project_type, question = bathroom
    shopper.post(add_url(bath), {"quantity": "1", "note": "Cast iron"})
    shopper.post(add_url(basin), {"quantity": "2"})
    shopper.post(QUOTE_SUBMIT, quote_data(question))
    project = Project.objects.get()

    page = shopper.get(project.get_absolute_url())

    assert "Quoted products" in page.text
    assert "Clawfoot bath" in page.text
    assert "Cast iron" in page.text


def test_quote_request_without_a_required_answer_saves_nothing(
    shopper, fittings, bathroom
):
    bath, _basin = fittings
    _project_type, question = bathroom
    shopper.post(add_url(bath), {"quantity": "1"})

    page = shopper.post(
        QUOTE_SUBMIT, quote_data(question, **{f"answer_{question.pk}": ""})
    )

    assert page.status_code == 200
    assert not Project.objects.exists()
    assert not QuoteItem.objects.exists()
    assert len(quote_rows(shopper)) == 1


def test_products_of_different_project_types_are_refused(shopper, fittings, kettle):
    bath, _basin = fittings
    QuotableProductClass.objects.create(product_class=kettle.product_class)
    shopper.post(add_url(bath), {"quantity": "1"})
    shopper.post(add_url(kettle), {"quantity": "1"})

    response = shopper.get(QUOTE_SUBMIT, follow=True)

    assert response.redirect_chain[-1][0] == QUOTE_LIST
    assert "different kinds of project" in response.text
    assert not Project.objects.exists()


def test_a_product_withdrawn_before_posting_is_refused_and_nothing_is_saved(
    customer, fittings, bathroom
):
    bath, basin = fittings
    basin.is_public = False
    basin.save()

    with pytest.raises(BiddingError, match="“Stone basin” is not for sale."):
        QuoteRequestService().submit(
            customer,
            [QuoteLine(bath, 1), QuoteLine(basin, 1)],
            title="Bathroom",
            description="Bath and basin",
            bidding_deadline=timezone.localdate() + datetime.timedelta(days=5),
        )

    assert not Project.objects.exists()
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize("quantity", [0, 100001])
def test_the_service_refuses_a_bad_quantity(customer, fittings, quantity):
    bath, _basin = fittings

    with pytest.raises(BiddingError, match="quantity"):
        QuoteRequestService().submit(
            customer,
            [QuoteLine(bath, quantity)],
            title="Bath",
            description="Bath",
            bidding_deadline=timezone.localdate() + datetime.timedelta(days=5),
        )

    assert not Project.objects.exists()


def test_empty_quote_list_cannot_be_posted(shopper):
    response = shopper.get(QUOTE_SUBMIT)

    assert response["Location"] == QUOTE_LIST


# The basket is never touched ---------------------------------------------------


def test_quote_request_leaves_a_locked_basket_as_it_is(
    shopper, customer, accepted_proposal, fittings, bathroom
):
    basket, _created = Basket.open.get_or_create(owner=customer)
    MilestonePaymentService().fill_basket(
        basket, accepted_proposal.milestones.get(number=1), customer
    )
    before = basket_state(customer)
    bath, basin = fittings
    _project_type, question = bathroom

    shopper.post(add_url(bath), {"quantity": "1"})
    shopper.post(add_url(basin), {"quantity": "2"})
    shopper.get(QUOTE_LIST)
    shopper.post(QUOTE_SUBMIT, quote_data(question))

    assert Project.objects.filter(quote_items__isnull=False).exists()
    assert basket_state(customer) == before
    assert before[2] is True


def test_quote_request_leaves_an_ordinary_basket_as_it_is(
    shopper, customer, fittings, bathroom, kettle
):
    shopper.post(reverse("basket:add", kwargs={"pk": kettle.pk}), {"quantity": 1})
    before = basket_state(customer)
    bath, _basin = fittings
    _project_type, question = bathroom

    shopper.post(add_url(bath), {"quantity": "1"})
    shopper.post(QUOTE_SUBMIT, quote_data(question))

    assert Project.objects.exists()
    assert basket_state(customer) == before
    assert before[3] == [(kettle.pk, 1)]


# The e-mail --------------------------------------------------------------------


def test_the_customer_is_emailed_the_products_of_the_quote_request(
    customer, fittings, bathroom, mailoutbox, django_capture_on_commit_callbacks
):
    bath, basin = fittings
    with django_capture_on_commit_callbacks(execute=True):
        project = QuoteRequestService().submit(
            customer,
            [QuoteLine(bath, 1), QuoteLine(basin, 2)],
            title="Bathroom",
            description="Bath and basin",
            bidding_deadline=timezone.localdate() + datetime.timedelta(days=5),
        )
    message = OutboxMessage.objects.get(event_code="BIDDING_QUOTE_REQUESTED")
    mailoutbox.clear()

    OutboxService().send(message)

    (mail,) = mailoutbox
    assert mail.to == [customer.email]
    assert mail.subject == 'Your quote request "Bathroom" is posted'
    assert "2 × Stone basin" in mail.body
    assert f"/projects/{project.pk}/" in mail.body


# The vendor's proposal form ----------------------------------------------------


def quote_project(customer, fittings, quantities=(1, 2)):
    bath, basin = fittings
    return QuoteRequestService().submit(
        customer,
        [QuoteLine(bath, quantities[0], "Cast iron"), QuoteLine(basin, quantities[1])],
        title="Bathroom",
        description="Bath and basin",
        bidding_deadline=timezone.localdate() + datetime.timedelta(days=5),
    )


def proposal_form(client, user, project):
    client.force_login(user)
    return client.get(
        reverse("bidding_dashboard:proposal-create", kwargs={"project_pk": project.pk})
    )


def test_stocking_vendors_proposal_form_starts_with_the_products_at_its_prices(
    client, customer, vendor, fittings
):
    project = quote_project(customer, fittings)

    page = proposal_form(client, vendor, project)

    formset = page.context["formset"]
    (milestone,) = formset.forms
    assert milestone.initial["title"] == "Quoted products"
    items = milestone.items
    assert [
        (f.initial["description"], f.initial["quantity"], f.initial["unit_price"])
        for f in items.forms
    ] == [
        ("Clawfoot bath", 1, Decimal("850.00")),
        ("Stone basin", 2, Decimal("120.50")),
    ]
    assert 'value="850.00"' in page.text


def test_each_vendor_gets_its_own_prices_and_blanks_where_it_has_none(
    client, customer, other_vendor, fittings
):
    bath, _basin = fittings
    create_stockrecord(
        bath, price=Decimal("999.00"), partner_name=other_vendor.partners.get().name
    )
    project = quote_project(customer, fittings)

    page = proposal_form(client, other_vendor, project)

    items = page.context["formset"].forms[0].items
    assert [
        (f.initial["description"], f.initial["unit_price"]) for f in items.forms
    ] == [
        ("Clawfoot bath", Decimal("999.00")),
        ("Stone basin", None),
    ]


# Who is invited ----------------------------------------------------------------


def test_quote_request_invites_the_vendors_stocking_its_products(
    customer, vendor, other_vendor, fittings, django_capture_on_commit_callbacks
):
    bath, _basin = fittings
    create_stockrecord(
        bath, price=Decimal("999.00"), partner_name=other_vendor.partners.get().name
    )
    factories.make_vendor("vendor3@example.com", "Vendor Three")

    with django_capture_on_commit_callbacks(execute=True):
        project = quote_project(customer, fittings)

    assert project.invite_only
    assert sorted(
        project.invitations.values_list("partner__name", "source", "invited_by")
    ) == [
        ("Vendor One", Invitation.QUOTE, customer.pk),
        ("Vendor Two", Invitation.QUOTE, customer.pk),
    ]
    assert (
        OutboxMessage.objects.filter(event_code="BIDDING_VENDOR_INVITED").count() == 2
    )


def test_vendor_stocking_none_of_the_products_cannot_bid(
    client, customer, other_vendor, fittings
):
    project = quote_project(customer, fittings)

    page = proposal_form(client, other_vendor, project)

    assert page.status_code == 404


def test_quote_request_for_products_nobody_stocks_is_open(customer, bathroom):
    project_type, _question = bathroom
    bath = create_product(title="Clawfoot bath", product_class="Bathroom")
    QuotableProductClass.objects.create(
        product_class=bath.product_class, project_type=project_type
    )

    project = QuoteRequestService().submit(
        customer,
        [QuoteLine(bath, 1)],
        title="Bath",
        description="Bath",
        bidding_deadline=timezone.localdate() + datetime.timedelta(days=5),
    )

    assert not project.invite_only
    assert not project.invitations.exists()


def test_prefilled_proposal_is_saved_as_the_vendor_edits_it(
    client, customer, vendor, fittings
):
    project = quote_project(customer, fittings)
    client.force_login(vendor)
    url = reverse(
        "bidding_dashboard:proposal-create", kwargs={"project_pk": project.pk}
    )
    data = factories.proposal_form_data(
        milestones=[
            factories.milestone(
                title="Quoted products",
                items=[
                    factories.item("Clawfoot bath", 1, "800.00"),
                    factories.item("Stone basin", 2, "120.50"),
                ],
            )
        ],
        submit=True,
    )

    response = client.post(url, data)

    assert response.status_code == 302
    proposal = project.proposals.get()
    assert [
        (i.description, i.quantity, i.unit_price)
        for i in proposal.milestones.get().items.all()
    ] == [
        ("Clawfoot bath", 1, Decimal("800.00")),
        ("Stone basin", 2, Decimal("120.50")),
    ]


def test_ordinary_projects_proposal_form_starts_blank(client, project, vendor):
    page = proposal_form(client, vendor, project)

    (milestone,) = page.context["formset"].forms
    assert milestone.initial == {}


def test_vendor_reads_the_quoted_products_on_the_project(
    client, customer, vendor, fittings
):
    project = quote_project(customer, fittings)
    client.force_login(vendor)

    page = client.get(
        reverse("bidding_dashboard:project-detail", kwargs={"pk": project.pk})
    )

    assert "Quoted products" in page.text
    assert "Stone basin" in page.text
    assert "Cast iron" in page.text


# Staff mark product types quotable ---------------------------------------------


def test_staff_mark_a_product_type_quotable_with_its_project_type(
    client, staff, kettle, bathroom
):
    project_type, _question = bathroom
    client.force_login(staff)
    url = reverse("bidding_dashboard:quotable-class-list")
    page = client.get(url)
    assert "Kitchen" in page.text
    classes = list(ProductClass.objects.order_by("name", "pk"))
    data = {"classes-TOTAL_FORMS": len(classes), "classes-INITIAL_FORMS": len(classes)}
    for index, product_class in enumerate(classes):
        data[f"classes-{index}-product_class"] = product_class.pk
        if product_class == kettle.product_class:
            data[f"classes-{index}-quotable"] = "on"
            data[f"classes-{index}-project_type"] = project_type.pk
            data[f"classes-{index}-quote_only"] = "on"

    response = client.post(url, data)

    assert response.status_code == 302
    row = QuotableProductClass.objects.get()
    assert (row.product_class, row.project_type, row.quote_only) == (
        kettle.product_class,
        project_type,
        True,
    )
    data.pop(f"classes-{classes.index(kettle.product_class)}-quotable")
    client.post(url, data)
    assert not QuotableProductClass.objects.exists()


def test_vendors_cannot_mark_product_types_quotable(client, vendor):
    client.force_login(vendor)

    response = client.get(reverse("bidding_dashboard:quotable-class-list"))

    assert response.status_code == 403


@pytest.mark.parametrize("model", ["quotableproductclass", "quoteitem"])
def test_staff_find_quote_requests_in_the_django_admin(
    client, staff, customer, fittings, model
):
    quote_project(customer, fittings)
    client.force_login(staff)

    response = client.get(reverse(f"admin:bidding_{model}_changelist"))

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) >= 1
