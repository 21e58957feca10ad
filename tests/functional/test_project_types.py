"""Project types and custom questions (issue 12): staff keep a tree of types
with questions, the project form asks the chosen type's questions (its
ancestors' first), answers are validated by kind and kept with the project,
and vendors declare the types they offer."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from tests import factories

Project = get_model("bidding", "Project")
ProjectType = get_model("bidding", "ProjectType")
ProjectQuestion = get_model("bidding", "ProjectQuestion")
ProjectAnswer = get_model("bidding", "ProjectAnswer")
Q = ProjectQuestion


def question(project_type, label, kind=Q.SHORT_TEXT, **fields):
    return ProjectQuestion.objects.create(
        project_type=project_type, label=label, kind=kind, **fields
    )


@pytest.fixture
def types():
    """Renovation (asks the surface) > Kitchen (asks everything else)."""
    renovation = ProjectType.objects.create(name="Renovation")
    kitchen = ProjectType.objects.create(name="Kitchen", parent=renovation)
    questions = {
        "surface": question(renovation, "Surface (m²)", Q.NUMBER, required=True),
        "style": question(kitchen, "Style", Q.ONE_CHOICE, choices="Modern\nRustic"),
        "rooms": question(
            kitchen, "Appliances", Q.SEVERAL_CHOICES, choices="Oven\nHob\nFridge"
        ),
        "start": question(kitchen, "Start date", Q.DATE, position=3),
        "gas": question(kitchen, "Gas supply?", Q.YES_NO, position=4),
        "notes": question(kitchen, "Notes", Q.LONG_TEXT, position=5),
        "plan": question(kitchen, "Floor plan", Q.FILE, position=6),
    }
    return renovation, kitchen, questions


def project_data(project_type=None, **fields):
    data = {
        "title": "New kitchen",
        "description": "Replace everything.",
        "bidding_deadline": (
            timezone.localdate() + datetime.timedelta(days=10)
        ).isoformat(),
        "project_type": project_type.pk if project_type else "",
    }
    data.update(fields)
    return data


def answers(questions, **overrides):
    values = {
        "surface": "12.5",
        "style": "Rustic",
        "rooms": ["Oven", "Hob"],
        "start": "2027-03-01",
        "gas": "yes",
        "notes": "North-facing.",
    }
    values.update(overrides)
    return {f"answer_{questions[key].pk}": value for key, value in values.items()}


def plan_file():
    return SimpleUploadedFile("plan.txt", b"a floor plan", content_type="text/plain")


# The project form --------------------------------------------------------------


def test_project_form_asks_the_chosen_types_questions_ancestors_first(
    login, customer, types
):
    _renovation, kitchen, questions = types
    url = reverse("bidding:project-create")

    html = login(customer).get(f"{url}?type={kitchen.pk}").text

    labels = ["Surface (m²)", "Style", "Appliances", "Start date", "Gas supply?"]
    positions = [html.index(label) for label in labels]
    assert positions == sorted(positions)
    assert 'name="choose_type"' in html
    assert f"About your {kitchen.name} project" in html


def test_project_form_without_a_type_asks_no_question(login, customer, types):
    html = login(customer).get(reverse("bidding:project-create")).text

    assert "Surface (m²)" not in html
    assert "Kitchen" in html  # offered in the type list


def test_continue_shows_the_questions_keeps_the_input_and_saves_nothing(
    login, customer, types
):
    _renovation, kitchen, _questions = types
    client = login(customer)

    response = client.post(
        reverse("bidding:project-create"),
        {**project_data(kitchen, title="Kept title"), "choose_type": "1"},
    )

    assert response.status_code == 200
    assert "Surface (m²)" in response.text
    assert 'value="Kept title"' in response.text
    assert "error-block" not in response.text
    assert not Project.objects.exists()


def test_the_questions_load_alone_for_the_script(login, customer, types):
    _renovation, kitchen, _questions = types
    url = reverse("bidding:project-create")

    html = login(customer).get(f"{url}?partial=questions&type={kitchen.pk}").text

    assert html.strip().startswith('<div id="project-questions"')
    assert "Surface (m²)" in html
    assert "<html" not in html


def test_customer_posts_a_typed_project_with_an_answer_of_every_kind(
    login, customer, types
):
    _renovation, kitchen, questions = types
    client = login(customer)

    response = client.post(
        reverse("bidding:project-create"),
        {
            **project_data(kitchen),
            **answers(questions),
            f"answer_{questions['plan'].pk}": plan_file(),
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    project = Project.objects.get()
    assert project.project_type == kitchen
    stored = {a.label: a.value for a in project.answers.all()}
    assert stored == {
        "Surface (m²)": "12.5",
        "Style": "Rustic",
        "Appliances": ["Oven", "Hob"],
        "Start date": "2027-03-01",
        "Gas supply?": True,
        "Notes": "North-facing.",
        "Floor plan": None,
    }
    assert [a.label for a in project.answers.all()][0] == "Surface (m²)"
    plan = project.answers.get(kind=Q.FILE)
    assert plan.file_name == "plan.txt"
    page = client.get(project.get_absolute_url()).text
    assert "Oven, Hob" in page
    assert "North-facing." in page
    assert reverse("bidding:answer-file", kwargs={"pk": plan.pk}) in page
    download = client.get(reverse("bidding:answer-file", kwargs={"pk": plan.pk}))
    assert b"".join(download.streaming_content) == b"a floor plan"


@pytest.mark.parametrize(
    "key,value,message",
    [
        ("surface", "twelve", "Enter a number."),
        ("start", "next spring", "Enter a valid date."),
        ("style", "Baroque", "Select a valid choice."),
        ("rooms", ["Oven", "Sauna"], "Select a valid choice."),
        ("gas", "maybe", "Select a valid choice."),
        ("surface", "", "This field is required."),
    ],
    ids=["number", "date", "one choice", "several choices", "yes/no", "required"],
)
def test_an_answer_of_the_wrong_kind_is_refused_and_nothing_saved(
    login, customer, types, key, value, message
):
    _renovation, kitchen, questions = types

    response = login(customer).post(
        reverse("bidding:project-create"),
        {**project_data(kitchen), **answers(questions, **{key: value})},
    )

    assert response.status_code == 200
    assert "Your project was not saved." in response.text
    assert message in response.text
    assert not Project.objects.exists()
    assert not ProjectAnswer.objects.exists()


def test_an_answer_file_is_checked_as_attachments_are(login, customer, types):
    _renovation, kitchen, questions = types
    fake = SimpleUploadedFile("plan.pdf", b"\x00\x01binary", content_type="text/plain")

    response = login(customer).post(
        reverse("bidding:project-create"),
        {
            **project_data(kitchen),
            **answers(questions),
            f"answer_{questions['plan'].pk}": fake,
        },
    )

    assert response.status_code == 200
    assert "not a file type we accept" in response.text
    assert not Project.objects.exists()


def test_the_type_is_optional_by_default(login, customer, types):
    response = login(customer).post(reverse("bidding:project-create"), project_data())

    assert response.status_code == 302
    assert Project.objects.get().project_type is None


def test_a_setting_makes_the_type_required(login, customer, types, settings):
    settings.OSCAR_BIDDING_PROJECT_TYPE_REQUIRED = True

    response = login(customer).post(reverse("bidding:project-create"), project_data())

    assert response.status_code == 200
    assert "This field is required." in response.text
    assert not Project.objects.exists()


def test_the_setting_asks_for_no_type_while_the_shop_has_none(
    login, customer, settings
):
    settings.OSCAR_BIDDING_PROJECT_TYPE_REQUIRED = True

    response = login(customer).post(reverse("bidding:project-create"), project_data())

    assert response.status_code == 302


def test_a_project_posted_before_types_is_edited_as_before(login, customer, types):
    project = factories.make_project(customer)
    client = login(customer)

    response = client.post(
        reverse("bidding:project-update", kwargs={"pk": project.pk}),
        project_data(title="Still no type"),
    )

    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title, project.project_type) == ("Still no type", None)
    assert client.get(project.get_absolute_url()).status_code == 200


def test_editing_keeps_the_file_and_changing_type_drops_other_answers(
    login, customer, types
):
    renovation, kitchen, questions = types
    client = login(customer)
    client.post(
        reverse("bidding:project-create"),
        {
            **project_data(kitchen),
            **answers(questions),
            f"answer_{questions['plan'].pk}": plan_file(),
        },
    )
    project = Project.objects.get()
    url = reverse("bidding:project-update", kwargs={"pk": project.pk})
    form_page = client.get(url).text
    assert 'value="12.5"' in form_page

    client.post(url, {**project_data(kitchen), **answers(questions, notes="Sunny.")})
    assert project.answers.get(kind=Q.FILE).file_name == "plan.txt"
    assert project.answers.get(kind=Q.LONG_TEXT).value == "Sunny."

    client.post(url, {**project_data(renovation), **answers(questions)})
    assert [a.label for a in project.answers.all()] == ["Surface (m²)"]


def test_answers_keep_the_question_as_it_was_asked(login, customer, types):
    _renovation, kitchen, questions = types
    client = login(customer)
    client.post(
        reverse("bidding:project-create"),
        {**project_data(kitchen), **answers(questions)},
    )
    project = Project.objects.get()

    ProjectQuestion.objects.filter(pk=questions["style"].pk).update(label="Look")
    questions["notes"].delete()

    page = client.get(project.get_absolute_url()).text
    assert "Style" in page
    assert "Notes" in page and "North-facing." in page


def test_vendors_read_the_answers_on_the_dashboard_project_page(
    login, customer, vendor, types
):
    renovation, kitchen, questions = types
    vendor.partners.get().bidding_project_types.add(renovation)  # kitchens too
    login(customer).post(
        reverse("bidding:project-create"),
        {**project_data(kitchen), **answers(questions)},
    )
    project = Project.objects.get()

    page = login(vendor).get(
        reverse("bidding_dashboard:project-detail", kwargs={"pk": project.pk})
    )

    assert "Oven, Hob" in page.text
    assert "Kitchen" in page.text


def test_the_answers_partial_renders_for_another_page(customer, types):
    from django.template.loader import render_to_string

    _renovation, kitchen, questions = types
    project = factories.make_project(
        customer,
        project_type=kitchen,
        answers=[{"question": questions["style"], "value": "Modern", "file": None}],
    )

    html = render_to_string(
        "oscar_bidding/partials/project_answers.html", {"project": project}
    )

    assert "Style" in html and "Modern" in html


def test_someone_else_cannot_download_an_answer_file(
    login, customer, other_customer, types
):
    _renovation, kitchen, questions = types
    project = factories.make_project(
        customer,
        project_type=kitchen,
        answers=[{"question": questions["plan"], "value": None, "file": plan_file()}],
    )
    url = reverse("bidding:answer-file", kwargs={"pk": project.answers.get().pk})

    assert login(other_customer).get(url).status_code == 404


# Project Types in the dashboard (staff) -----------------------------------------


def type_data(name="Bathroom", parent="", questions=(), **extra):
    data = {
        "name": name,
        "description": "Baths and showers",
        "parent": parent,
        "questions-TOTAL_FORMS": str(len(questions)),
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for index, fields in enumerate(questions):
        row = {"help_text": "", "choices": "", "position": str(index), **fields}
        data.update({f"questions-{index}-{k}": v for k, v in row.items()})
    data.update(extra)
    return data


def test_staff_create_a_subtype_with_questions(login, staff, types):
    renovation, _kitchen, _questions = types
    client = login(staff)

    response = client.post(
        reverse("bidding_dashboard:project-type-create"),
        type_data(
            parent=renovation.pk,
            questions=[
                {
                    "label": "Bath or shower?",
                    "kind": Q.ONE_CHOICE,
                    "choices": "Bath\nShower",
                    "required": "on",
                },
                {"label": "Tiles", "kind": Q.YES_NO},
            ],
        ),
    )

    assert response.status_code == 302
    bathroom = ProjectType.objects.get(name="Bathroom")
    assert bathroom.parent == renovation
    assert [q.label for q in bathroom.questions.all()] == ["Bath or shower?", "Tiles"]
    page = client.get(bathroom.get_dashboard_url()).text
    assert "Surface (m²)" in page  # inherited, shown above its own
    listing = client.get(reverse("bidding_dashboard:project-type-list")).text
    assert "Bathroom" in listing


def test_a_choice_question_without_choices_is_refused(login, staff):
    response = login(staff).post(
        reverse("bidding_dashboard:project-type-create"),
        type_data(questions=[{"label": "Colour", "kind": Q.ONE_CHOICE}]),
    )

    assert response.status_code == 200
    assert "Give at least one choice" in response.text
    assert not ProjectType.objects.exists()


def test_a_type_cannot_be_moved_under_its_own_subtype(login, staff, types):
    renovation, kitchen, _questions = types

    response = login(staff).post(
        renovation.get_dashboard_url(), type_data("Renovation", parent=kitchen.pk)
    )

    assert response.status_code == 200
    renovation.refresh_from_db()
    assert renovation.parent is None


def test_a_type_with_subtypes_is_not_deleted(login, staff, types):
    renovation, _kitchen, _questions = types
    url = reverse("bidding_dashboard:project-type-delete", kwargs={"pk": renovation.pk})

    response = login(staff).post(url, follow=True)

    assert "has subtypes" in response.text
    assert ProjectType.objects.filter(pk=renovation.pk).exists()


def test_deleting_a_type_keeps_its_projects_answers(login, staff, customer, types):
    _renovation, kitchen, questions = types
    project = factories.make_project(
        customer,
        project_type=kitchen,
        answers=[{"question": questions["style"], "value": "Modern", "file": None}],
    )
    url = reverse("bidding_dashboard:project-type-delete", kwargs={"pk": kitchen.pk})

    login(staff).post(url)

    project.refresh_from_db()
    assert project.project_type is None
    assert project.answers.get().label == "Style"


def test_vendors_cannot_manage_project_types(login, vendor, types):
    response = login(vendor).post(
        reverse("bidding_dashboard:project-type-create"), type_data()
    )

    assert response.status_code == 403
    assert not ProjectType.objects.filter(name="Bathroom").exists()


# Offerings: the types a vendor offers ---------------------------------------------


def test_vendor_declares_the_types_their_partner_offers(login, vendor, types):
    renovation, kitchen, _questions = types
    partner = vendor.partners.get()
    client = login(vendor)
    url = reverse("bidding_dashboard:offering-update", kwargs={"pk": partner.pk})

    response = client.post(url, {"project_types": [kitchen.pk]})

    assert response.status_code == 302
    assert list(partner.bidding_project_types.all()) == [kitchen]
    listing = client.get(reverse("bidding_dashboard:offering-list")).text
    assert "Kitchen" in listing


def test_vendor_cannot_edit_another_partners_offerings(
    login, vendor, other_vendor, types
):
    _renovation, kitchen, _questions = types
    partner = other_vendor.partners.get()
    url = reverse("bidding_dashboard:offering-update", kwargs={"pk": partner.pk})

    response = login(vendor).post(url, {"project_types": [kitchen.pk]})

    assert response.status_code == 404
    assert not partner.bidding_project_types.exists()


def test_staff_edit_any_partners_offerings(login, staff, other_vendor, types):
    renovation, _kitchen, _questions = types
    partner = other_vendor.partners.get()
    url = reverse("bidding_dashboard:offering-update", kwargs={"pk": partner.pk})

    login(staff).post(url, {"project_types": [renovation.pk]})

    assert list(partner.bidding_project_types.all()) == [renovation]


def test_an_unknown_type_is_refused(login, vendor, types):
    partner = vendor.partners.get()
    url = reverse("bidding_dashboard:offering-update", kwargs={"pk": partner.pk})

    response = login(vendor).post(url, {"project_types": ["999999"]})

    assert response.status_code == 200
    assert not partner.bidding_project_types.exists()
