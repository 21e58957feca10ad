"""The answers to a project type's questions, kept with the project."""

from pathlib import Path

from django.utils.text import get_valid_filename
from oscar.core.loading import get_model

ProjectAnswer = get_model("bidding", "ProjectAnswer")


class AnswerService:
    """Replaces a project's answers by the ones given; called by
    :class:`~oscar_bidding.services.projects.ProjectService` inside its
    transaction, with the project locked."""

    def save(self, project, answers):
        """``answers``: ``[{"question", "value", "file", "keep"}]``, validated
        (:class:`oscar_bidding.forms.QuestionFields`). Answers to questions not
        in the list (another type's, or left empty) are removed."""
        existing = {a.question_id: a for a in project.answers.all()}
        kept = set()
        for position, given in enumerate(answers):
            question = given["question"]
            answer = existing.get(question.pk) or ProjectAnswer(
                project=project, question=question
            )
            kept.add(question.pk)
            answer.label = question.label
            answer.kind = question.kind
            answer.position = position
            if not given.get("keep"):
                answer.value = given.get("value")
                uploaded = given.get("file")
                if uploaded is not None:
                    if answer.file:
                        answer.file.delete(save=False)
                    answer.file = uploaded
                    answer.file_name = get_valid_filename(Path(uploaded.name).name)[
                        :255
                    ]
                    answer.content_type = uploaded.content_type
                    answer.size = uploaded.size
            answer.save()
        for question_id, answer in existing.items():
            if question_id not in kept:
                self.delete(answer)
        return project

    def delete(self, answer):
        if answer.file:
            answer.file.delete(save=False)
        answer.delete()
