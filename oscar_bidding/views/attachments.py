"""Project attachments, served only to the people who may read the project."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views import generic
from oscar.core.loading import get_class, get_model

visible_projects = get_class("bidding.access", "visible_projects")
ProjectAttachment = get_model("bidding", "ProjectAttachment")


class AttachmentDownloadView(generic.View):
    """Send the file as a download under its cleaned name, never rendered inline:
    the customer uploaded it, and vendors and staff open it."""

    def get(self, request, pk):
        attachment = get_object_or_404(
            ProjectAttachment.objects.filter(
                project__in=visible_projects(request.user)
            ),
            pk=pk,
        )
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.name,
            content_type=attachment.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


visible_answer_files = get_class("bidding.access", "visible_answer_files")


class AnswerFileDownloadView(generic.View):
    """A file answering a project question: served as attachments are."""

    def get(self, request, pk):
        answer = get_object_or_404(visible_answer_files(request.user), pk=pk)
        try:
            handle = answer.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=answer.file_name,
            content_type=answer.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
