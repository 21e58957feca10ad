"""Render a template to PDF with WeasyPrint (the package's ``pdf`` extra)."""

from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string


def refuse_fetch(url, *args, **kwargs):
    """Documents are self-contained: never let a URL in them reach the network."""
    raise ValueError(f"PDF documents load no external resource: {url}")


def render_pdf(template_name, context, request=None):
    """The PDF of ``template_name`` rendered with ``context``, as bytes."""
    try:
        # Imported here: WeasyPrint is optional and loads Pango when imported.
        from weasyprint import HTML  # noqa: PLC0415
    except ImportError as error:
        raise ImproperlyConfigured(
            "PDF invoices need WeasyPrint: pip install oscar-bidding[pdf]"
        ) from error
    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, url_fetcher=refuse_fetch).write_pdf()
