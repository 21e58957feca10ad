"""Post the dashboard's proposal form back as a browser does."""


def page_data(response):
    """What a browser posts back from the proposal page when nothing is changed."""
    form, formset = response.context["form"], response.context["formset"]
    forms = [form, formset.management_form]
    for milestone_form in formset:
        forms += [milestone_form, milestone_form.items.management_form]
        forms += milestone_form.items.forms
    data = {}
    for each in forms:
        for field in each:
            value = field.value()
            if value is not None and value is not False:
                data[field.html_name] = value
    return data
