"""Action forms: the data an action asks for (`Action(form=…)`), built the same way on pages,
in the API and in `transition`, so that fields added in `__init__` are read everywhere."""

from __future__ import annotations

from django import forms


class ActionForm(forms.Form):
    """Base of an action form that needs its record: choices from it, checks against it.

    A subclass may add or narrow fields in `__init__` (`self.record` is the record acted on);
    a plain `forms.Form` works too when nothing depends on the record."""

    def __init__(self, *args, record=None, **kwargs):
        self.record = record
        super().__init__(*args, **kwargs)


def action_form(action, record, **kwargs) -> forms.Form:
    """The action's form for `record` (unbound unless `data` is given)."""
    form_class = action.form
    if isinstance(form_class, type) and issubclass(form_class, ActionForm):
        return form_class(record=record, **kwargs)
    return form_class(**kwargs)
