"""The project form in a real Chromium: choosing a project type loads its
questions (the parent type's first) without a reload, and the answers are
saved with the project."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Project = get_model("bidding", "Project")
ProjectType = get_model("bidding", "ProjectType")
ProjectQuestion = get_model("bidding", "ProjectQuestion")


def test_choosing_a_type_loads_its_questions_and_the_answers_are_saved(
    page_as, customer
):
    renovation = ProjectType.objects.create(name="Renovation")
    kitchen = ProjectType.objects.create(name="Kitchen", parent=renovation)
    ProjectQuestion.objects.create(
        project_type=renovation, label="Surface", kind="number", required=True
    )
    ProjectQuestion.objects.create(
        project_type=kitchen, label="Style", kind="one_choice", choices="Modern\nRustic"
    )
    page = page_as(customer)
    page.goto(reverse("bidding:project-create"))
    page.evaluate("window.notReloaded = true")
    expect(page.get_by_role("button", name="Continue")).to_be_hidden()

    page.select_option("#id_project_type", str(kitchen.pk))

    questions = page.locator("#project-questions .project-question label")
    expect(questions).to_have_text(["Surface", "Style"])
    assert page.evaluate("window.notReloaded") is True
    page.fill("#id_title", "New kitchen")
    page.fill("#id_description", "Everything new.")
    deadline = timezone.localdate() + datetime.timedelta(days=7)
    page.fill("#id_bidding_deadline", deadline.isoformat())
    page.get_by_label("Surface").fill("12")
    page.get_by_label("Style").select_option("Rustic")
    page.get_by_role("button", name="Post project").click()

    expect(page.locator(".project-answers")).to_contain_text("Rustic")
    project = Project.objects.get()
    assert project.project_type == kitchen
    assert [a.value for a in project.answers.all()] == ["12", "Rustic"]
