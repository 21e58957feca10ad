"""Quote requests: "Request a quote" on a product page, the quote list the
customer collects, and the page that posts it as a project.

None of them reads or writes the basket: a basket locked for a milestone
payment, or full of products, stays as it is.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_class, get_classes, get_model

from oscar_bidding.exceptions import BiddingError

Product = get_model("catalogue", "Product")
AccountPageMixin = get_class("bidding.views.mixins", "AccountPageMixin")
ProjectFormMixin = get_class("bidding.views.projects", "ProjectFormMixin")
QuoteAddForm, QuoteLineFormSet, QuoteProjectForm = get_classes(
    "bidding.quote_forms", ["QuoteAddForm", "QuoteLineFormSet", "QuoteProjectForm"]
)
QuoteList, QuoteLine, Quotability, check_quantity = get_classes(
    "bidding.quotes", ["QuoteList", "QuoteLine", "Quotability", "check_quantity"]
)
QuoteRequestService = get_class("bidding.services.quotes", "QuoteRequestService")


class QuoteListMixin:
    """The customer's quote list, kept in the session (never the basket)."""

    quote_list_class = QuoteList
    line_class = QuoteLine

    def get_quote_list(self):
        return self.quote_list_class(self.request.session)


class QuoteAddView(QuoteListMixin, generic.View):
    """Add a product to the quote list (POST from its page)."""

    form_class = QuoteAddForm
    quotability_class = Quotability
    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        # Back from the login page: the product, where the form is.
        product = get_object_or_404(Product.objects.browsable(), pk=kwargs["pk"])
        return redirect(product.get_absolute_url())

    def post(self, request, *args, **kwargs):
        product = get_object_or_404(
            Product.objects.select_related("product_class", "parent"), pk=kwargs["pk"]
        )
        refusal = self.quotability_class().refusal(product)
        form = self.form_class(request.POST)
        if refusal:
            messages.error(request, refusal)
        elif not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        elif problem := check_quantity(
            self.get_quote_list().quantity_of(product) + form.cleaned_data["quantity"]
        )[1]:
            messages.error(request, problem)
        else:
            self.get_quote_list().add(
                product, form.cleaned_data["quantity"], form.cleaned_data["note"]
            )
            messages.success(
                request,
                _("“%(title)s” is in your quote request.")
                % {"title": product.get_title()},
            )
            return redirect("bidding:quote-list")
        if not product.is_public:
            return redirect("bidding:quote-list")
        return redirect(product.get_absolute_url())


class QuoteListView(QuoteListMixin, AccountPageMixin, generic.TemplateView):
    """The products collected for a quote: change quantities and notes,
    remove some, then go on to post the request."""

    template_name = "oscar_bidding/quote_list.html"
    page_title = _("Quote request")
    formset_class = QuoteLineFormSet

    def get(self, request, *args, **kwargs):
        lines = self.get_quote_list().lines()
        formset = self.formset_class(lines=lines, prefix="quote")
        return self.render_to_response(self.get_context_data(formset=formset))

    def post(self, request, *args, **kwargs):
        quote_list = self.get_quote_list()
        lines = quote_list.lines()
        formset = self.formset_class(request.POST, lines=lines, prefix="quote")
        if not formset.is_valid():
            messages.error(
                request,
                _("Your quote request was not updated: correct the errors below."),
            )
            return self.render_to_response(self.get_context_data(formset=formset))
        products = {line.product.pk: line.product for line in lines}
        quote_list.replace(
            [
                self.line_class(products[pk], quantity, note)
                for pk, quantity, note in formset.kept()
            ]
        )
        messages.success(request, _("Your quote request is updated."))
        if "continue" in request.POST and len(quote_list):
            return redirect("bidding:quote-submit")
        return redirect("bidding:quote-list")


class QuoteSubmitView(QuoteListMixin, ProjectFormMixin, generic.CreateView):
    """The project form for the quote list: the products' type and its
    questions, title, description, deadline... Posting it posts the project
    (``QuoteRequestService``) and empties the quote list."""

    form_class = QuoteProjectForm
    template_name = "oscar_bidding/quote_submit.html"
    page_title = _("Request a quote")
    service_class = QuoteRequestService

    def dispatch(self, request, *args, **kwargs):
        self.lines = self.get_quote_list().lines()
        if not self.lines:
            messages.info(
                request,
                _("Your quote request is empty: add products from the catalogue."),
            )
            return redirect("bidding:quote-list")
        try:
            self.quote_type = self.service_class().project_type_of(self.lines)
        except BiddingError as error:
            messages.error(request, str(error))
            return redirect("bidding:quote-list")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["quote_type"] = self.quote_type
        kwargs.pop("project_type", None)
        kwargs.setdefault("initial", {}).update(self.get_initial_fields())
        return kwargs

    def get_initial_fields(self):
        titles = [line.product.get_title() for line in self.lines]
        return {
            "title": (_("Quote: %(products)s") % {"products": ", ".join(titles)})[:255],
            "description": "\n".join(
                f"{line.quantity} × {line.product.get_title()}"
                + (f": {line.note}" if line.note else "")
                for line in self.lines
            ),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            quote_lines=self.lines, quote_type=self.quote_type, **kwargs
        )

    def save(self, form):
        project = self.service_class().submit(
            self.request.user,
            self.lines,
            attachments=form.cleaned_data["attachments"],
            answers=form.answers(),
            **form.terms_fields(),
            **form.project_fields(),
        )
        self.get_quote_list().clear()
        return project

    def get_success_message(self):
        return _(
            "Your quote request “%(title)s” is posted: the vendors who stock its "
            "products are invited to send you a proposal."
        ) % {"title": self.object.title}
