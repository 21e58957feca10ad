"""Project Types (staff): a tree of types and their questions; and the types
each vendor offers (vendors for their partners, staff for any)."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_class, get_classes

from oscar_bidding.exceptions import BiddingError

ProjectTypeForm, ProjectQuestionFormSet, OfferingForm = get_classes(
    "bidding_dashboard.forms",
    ["ProjectTypeForm", "ProjectQuestionFormSet", "OfferingForm"],
)
ProjectTypeService = get_class("bidding.services.project_types", "ProjectTypeService")
managed_project_types, vendor_partners = get_classes(
    "bidding.access", ["managed_project_types", "vendor_partners"]
)
TypeTree = get_class("bidding.project_types", "TypeTree")
DashboardListMixin = get_class("bidding_dashboard.views.mixins", "DashboardListMixin")


class ProjectTypeMixin:
    context_object_name = "project_type"
    service_class = ProjectTypeService
    success_url = reverse_lazy("bidding_dashboard:project-type-list")

    def get_queryset(self):
        return managed_project_types(self.request.user)


class ProjectTypeListView(ProjectTypeMixin, generic.TemplateView):
    """The whole tree, indented: types are few, so no pagination."""

    template_name = "oscar_bidding/dashboard/project_type_list.html"
    tree_class = TypeTree

    def get_context_data(self, **kwargs):
        types = self.get_queryset().annotate(
            num_questions=Count("questions", distinct=True),
            num_partners=Count("partners", distinct=True),
        )
        tree = self.tree_class(types)
        return super().get_context_data(rows=tree.flattened(), **kwargs)


class ProjectTypeFormView(ProjectTypeMixin, generic.TemplateView):
    """Create (no ``pk``) or edit a type with its questions, saved together."""

    template_name = "oscar_bidding/dashboard/project_type_form.html"
    form_class = ProjectTypeForm
    formset_class = ProjectQuestionFormSet

    def dispatch(self, request, *args, **kwargs):
        self.object = None
        if "pk" in kwargs:
            self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_forms(self, data=None):
        form = self.form_class(data, instance=self.object)
        formset = self.formset_class(
            data, instance=self.object or form.instance, prefix="questions"
        )
        return form, formset

    def get(self, request, *args, **kwargs):
        form, formset = self.get_forms()
        return self.render_to_response(self.get_context_data(form, formset))

    def post(self, request, *args, **kwargs):
        form, formset = self.get_forms(request.POST)
        if not (form.is_valid() and formset.is_valid()):
            messages.error(
                request, _("The project type was not saved: correct the errors below.")
            )
            return self.render_to_response(self.get_context_data(form, formset))
        project_type = self.service_class().save(form, formset)
        messages.success(
            request,
            _("Project type “%(name)s” is saved.") % {"name": project_type.name},
        )
        if "save_and_continue" in request.POST:
            return redirect(project_type.get_dashboard_url())
        return redirect(self.success_url)

    def get_context_data(self, form, formset, **kwargs):
        return super().get_context_data(
            form=form,
            formset=formset,
            project_type=self.object,
            inherited=self.inherited_questions(form.tree),
            **kwargs,
        )

    def inherited_questions(self, tree):
        if self.object is None or self.object.parent_id is None:
            return []
        return tree.questions(tree.get(self.object.parent_id))


class ProjectTypeDeleteView(ProjectTypeMixin, generic.DetailView):
    """GET asks, a POST (with its CSRF token) deletes."""

    template_name = "oscar_bidding/dashboard/project_type_delete.html"

    def post(self, request, *args, **kwargs):
        project_type = self.get_object()
        try:
            self.service_class().delete(project_type)
        except BiddingError as error:
            messages.error(request, str(error))
            return redirect(project_type.get_dashboard_url())
        messages.success(
            request,
            _("Project type “%(name)s” is deleted.") % {"name": project_type.name},
        )
        return redirect(self.success_url)


class OfferingListView(DashboardListMixin, generic.ListView):
    """The user's partners (staff: every partner) and the types each offers."""

    template_name = "oscar_bidding/dashboard/offering_list.html"
    context_object_name = "partners"

    def get_queryset(self):
        return (
            vendor_partners(self.request.user)
            .prefetch_related("bidding_project_types")
            .order_by("name", "pk")
        )


class OfferingUpdateView(generic.FormView):
    """Declare the project types a partner offers."""

    template_name = "oscar_bidding/dashboard/offering_form.html"
    form_class = OfferingForm
    service_class = ProjectTypeService
    success_url = reverse_lazy("bidding_dashboard:offering-list")

    def dispatch(self, request, *args, **kwargs):
        self.partner = get_object_or_404(vendor_partners(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partner": self.partner}

    def get_context_data(self, **kwargs):
        return super().get_context_data(partner=self.partner, **kwargs)

    def form_valid(self, form):
        self.service_class().set_offerings(
            self.partner,
            form.cleaned_data["project_types"],
            description=form.cleaned_data["description"],
        )
        messages.success(
            self.request,
            _("The project types %(vendor)s offers are saved.")
            % {"vendor": self.partner.name},
        )
        return redirect(self.success_url)
