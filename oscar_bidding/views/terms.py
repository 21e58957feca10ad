"""Terms and conditions files, served only to the people who may read them."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views import generic
from oscar.core.loading import get_class, get_model

visible_projects = get_class("bidding.access", "visible_projects")
terms_proposals = get_class("bidding.access", "terms_proposals")
Project = get_model("bidding", "Project")


def file_response(open_file, name):
    """A download under its cleaned name, never rendered inline."""
    try:
        handle = open_file()
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


class ProjectTermsFileView(generic.View):
    """The project's terms file as it is now: its customer, the vendors who
    may bid on it or answered it, and staff."""

    def get(self, request, pk):
        project = get_object_or_404(visible_projects(request.user), pk=pk)
        if not project.terms_file:
            raise Http404
        return file_response(
            lambda: project.terms_file.open("rb"), project.terms_file_name
        )


class ProposalTermsFileView(generic.View):
    """The terms file the vendor accepted with the proposal, even if the
    customer has replaced it since: the proposal's customer and vendor, and
    staff."""

    def get(self, request, pk):
        proposal = get_object_or_404(terms_proposals(request.user), pk=pk)
        accepted = (proposal.accepted_terms or {}).get("project") or {}
        terms_file = accepted.get("file")
        if not terms_file:
            raise Http404
        storage = Project._meta.get_field("terms_file").storage
        return file_response(
            lambda: storage.open(terms_file["path"], "rb"), terms_file["name"]
        )
