"""The dashboard's filters: a year range and one county or functional area."""

from __future__ import annotations

from django import forms

from insight import figures


class FilterForm(forms.Form):
    year_from = forms.IntegerField(
        label="起始年度",
        required=False,
        min_value=1949,
        max_value=2100,
        error_messages={"invalid": "请输入四位年度，如 2024"},
    )
    year_to = forms.IntegerField(
        label="截止年度",
        required=False,
        min_value=1949,
        max_value=2100,
        error_messages={"invalid": "请输入四位年度，如 2026"},
    )
    county = forms.ChoiceField(
        label="县(市、区)或功能区",
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = figures.areas()
        if user is not None and not getattr(user, "is_bureau", False):
            choices = [(code, label) for code, label in choices if code == user.county_id]
            self.fields["county"].choices = choices
        else:
            self.fields["county"].choices = [("", "全市"), *choices]

    def clean(self):
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and start > end:
            self.add_error("year_to", "截止年度不能早于起始年度")
        return data

    def filters(self) -> figures.Filters:
        """The valid filters (none where the input was invalid)."""
        if not self.is_valid():
            return figures.Filters()
        data = self.cleaned_data
        return figures.Filters(
            data.get("year_from"), data.get("year_to"), data.get("county") or None
        )


class ReportForm(forms.Form):
    year = forms.IntegerField(
        label="年度",
        min_value=1949,
        max_value=2100,
        error_messages={"required": "请选择年度", "invalid": "请输入四位年度，如 2026"},
    )
