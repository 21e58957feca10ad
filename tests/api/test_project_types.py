"""Project types through the API: the tree with each type's questions (its
ancestors' first), and projects posted and edited with a type and the answers
to its questions, validated by the storefront's project form."""

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

IN_TEN_DAYS = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()


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
        "plan": question(kitchen, "Floor plan", Q.FILE, position=6),
    }
    return renovation, kitchen, questions


def project_data(project_type, **fields):
    return {
        "title": "New kitchen",
        "description": "Replace everything.",
        "bidding_deadline": IN_TEN_DAYS,
        "project_type": project_type.pk,
        **fields,
    }


def json_answers(questions, **overrides):
    values = {
        "surface": 12.5,
        "style": "Rustic",
        "rooms": ["Oven", "Hob"],
        "start": "2027-03-01",
        "gas": True,
    }
    values.update(overrides)
    return {str(questions[key].pk): value for key, value in values.items()}


def plan_file():
    return SimpleUploadedFile("plan.txt", b"a floor plan", content_type="text/plain")


# The tree --------------------------------------------------------------------------


def test_every_logged_in_user_reads_the_tree_with_inherited_questions(
    api, customer, vendor, types
):
    renovation, kitchen, questions = types

    for user in (customer, vendor):
        api.force_authenticate(user)
        rows = api.get(reverse("bidding-api-project-types-list")).json()["results"]
        by_name = {row["name"]: row for row in rows}
        assert by_name["Renovation"]["children"] == [kitchen.pk]
        assert by_name["Renovation"]["depth"] == 0
        row = by_name["Kitchen"]
        assert row["parent"] == renovation.pk
        assert row["depth"] == 1
        assert row["ancestors"] == [renovation.pk]
        assert [q["label"] for q in row["questions"]] == [
            "Surface (m²)",
            "Style",
            "Appliances",
            "Start date",
            "Gas supply?",
            "Floor plan",
        ]
        surface = row["questions"][0]
        assert surface["project_type"] == renovation.pk
        assert surface["required"] is True
        assert surface["field"] == f"answer_{questions['surface'].pk}"
        assert row["questions"][1]["choices"] == ["Modern", "Rustic"]


def test_a_type_in_detail_and_the_children_of_one(api, customer, types):
    renovation, kitchen, _questions = types
    api.force_authenticate(customer)

    detail = api.get(
        reverse("bidding-api-project-types-detail", kwargs={"pk": kitchen.pk})
    )
    children = api.get(
        reverse("bidding-api-project-types-list"), {"parent": renovation.pk}
    )

    assert len(detail.json()["questions"]) == 6
    assert [t["id"] for t in children.json()["results"]] == [kitchen.pk]


def test_anonymous_visitors_read_no_type(api, types):
    assert api.get(reverse("bidding-api-project-types-list")).status_code == 403


# Projects with a type and answers -----------------------------------------------------


def test_customer_posts_a_typed_project_with_answers_as_json(api, customer, types):
    _renovation, kitchen, questions = types
    api.force_authenticate(customer)

    response = api.post(
        reverse("bidding-api-projects-list"),
        project_data(kitchen, answers=json_answers(questions)),
        format="json",
    )

    assert response.status_code == 201, response.json()
    project = Project.objects.get()
    assert project.project_type == kitchen
    assert {a.label: a.value for a in project.answers.all()} == {
        "Surface (m²)": "12.5",
        "Style": "Rustic",
        "Appliances": ["Oven", "Hob"],
        "Start date": "2027-03-01",
        "Gas supply?": True,
    }
    body = response.json()
    assert body["project_type"] == kitchen.pk
    assert [a["label"] for a in body["answers"]][:2] == ["Surface (m²)", "Style"]
    assert body["answers"][4]["display_value"] == "Yes"


def test_a_file_answer_is_posted_in_multipart(api, customer, vendor, types):
    _renovation, kitchen, questions = types
    api.force_authenticate(customer)

    response = api.post(
        reverse("bidding-api-projects-list"),
        {
            **project_data(kitchen),
            f"answer_{questions['surface'].pk}": "20",
            f"answer_{questions['rooms'].pk}": ["Oven"],
            f"answer_{questions['plan'].pk}": plan_file(),
        },
        format="multipart",
    )

    assert response.status_code == 201, response.json()
    project = Project.objects.get()
    assert project.answers.get(kind=Q.SEVERAL_CHOICES).value == ["Oven"]
    plan = response.json()["answers"][-1]
    assert plan["file"]["name"] == "plan.txt"

    kitchen.partners.add(vendor.partners.get())  # only vendors offering it see it
    api.force_authenticate(vendor)
    opened = api.get(
        reverse("bidding-api-open-projects-detail", kwargs={"pk": project.pk})
    ).json()
    # Served by the storefront, as attachments are (a session's user).
    api.force_login(vendor)
    download = api.get(opened["answers"][-1]["file"]["download_url"])
    assert b"".join(download.streaming_content) == b"a floor plan"


@pytest.mark.parametrize(
    "key,value,message",
    [
        ("surface", "twelve", "Enter a number."),
        ("start", "next spring", "Enter a valid date."),
        ("style", "Baroque", "Select a valid choice."),
        ("rooms", ["Oven", "Sauna"], "Select a valid choice."),
        ("gas", "maybe", "Select a valid choice."),
        ("surface", None, "This field is required."),
    ],
    ids=["number", "date", "one choice", "several choices", "yes/no", "required"],
)
def test_an_answer_of_the_wrong_kind_is_refused_and_nothing_saved(
    api, customer, types, key, value, message
):
    _renovation, kitchen, questions = types
    api.force_authenticate(customer)

    response = api.post(
        reverse("bidding-api-projects-list"),
        project_data(kitchen, answers=json_answers(questions, **{key: value})),
        format="json",
    )

    assert response.status_code == 400
    errors = response.json()[f"answer_{questions[key].pk}"]
    assert any(message in error for error in errors), errors
    assert not Project.objects.exists()
    assert not ProjectAnswer.objects.exists()


def test_answers_that_are_not_an_object_are_refused(api, customer, types):
    _renovation, kitchen, _questions = types
    api.force_authenticate(customer)

    response = api.post(
        reverse("bidding-api-projects-list"),
        project_data(kitchen, answers=["12"]),
        format="json",
    )

    assert response.status_code == 400
    assert "answers" in response.json()
    assert not Project.objects.exists()


def test_an_unknown_type_is_refused(api, customer, types):
    api.force_authenticate(customer)

    response = api.post(
        reverse("bidding-api-projects-list"),
        {**project_data(types[0]), "project_type": 999999},
        format="json",
    )

    assert response.status_code == 400
    assert "project_type" in response.json()
    assert not Project.objects.exists()


def test_a_required_type_is_required(api, customer, types, settings):
    settings.OSCAR_BIDDING_PROJECT_TYPE_REQUIRED = True
    api.force_authenticate(customer)

    response = api.post(
        reverse("bidding-api-projects-list"),
        {**project_data(types[0]), "project_type": None},
        format="json",
    )

    assert response.status_code == 400
    assert "project_type" in response.json()


def test_a_partial_edit_keeps_the_type_and_the_answers(api, customer, types):
    _renovation, kitchen, questions = types
    project = factories.make_project(
        customer,
        project_type=kitchen,
        answers=[{"question": questions["surface"], "value": "30", "file": None}],
    )
    api.force_authenticate(customer)

    response = api.patch(
        reverse("bidding-api-projects-detail", kwargs={"pk": project.pk}),
        {"title": "Kitchen and pantry"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    project = Project.objects.get()
    assert project.title == "Kitchen and pantry"
    assert project.project_type == kitchen
    assert project.answers.get().value == "30"


def test_an_edit_changes_the_answers(api, customer, types):
    _renovation, kitchen, questions = types
    project = factories.make_project(
        customer,
        project_type=kitchen,
        answers=[{"question": questions["surface"], "value": "30", "file": None}],
    )
    api.force_authenticate(customer)

    response = api.patch(
        reverse("bidding-api-projects-detail", kwargs={"pk": project.pk}),
        {
            "answers": {
                str(questions["surface"].pk): "45",
                str(questions["gas"].pk): False,
            }
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert {a.label: a.value for a in Project.objects.get().answers.all()} == {
        "Surface (m²)": "45",
        "Gas supply?": False,
    }


def test_projects_filter_by_type(api, customer, types):
    renovation, kitchen, _questions = types
    typed = factories.make_project(customer, project_type=renovation)
    factories.make_project(customer, title="Untyped")
    api.force_authenticate(customer)

    response = api.get(
        reverse("bidding-api-projects-list"), {"project_type": renovation.pk}
    )

    assert [p["id"] for p in response.json()["results"]] == [typed.pk]
