from django import forms

from analytics.choices import TermStatus

PERIODS = [(30, "近 30 天"), (90, "近 90 天"), (365, "近一年")]


class PeriodForm(forms.Form):
    period = forms.TypedChoiceField(
        label="统计区间", choices=PERIODS, coerce=int, required=False, initial=30
    )

    def days(self) -> int:
        if self.is_valid() and self.cleaned_data.get("period"):
            return self.cleaned_data["period"]
        return 30


class ZeroResultFilter(PeriodForm):
    status = forms.ChoiceField(
        label="处理状态",
        choices=[*TermStatus.choices, ("all", "全部")],
        required=False,
        initial=TermStatus.OPEN,
    )

    def status_value(self) -> str | None:
        """The status to list (None: every status); the open ones unless asked otherwise."""
        status = self.cleaned_data.get("status") if self.is_valid() else ""
        if status == "all":
            return None
        return status or TermStatus.OPEN


class TermMarkForm(forms.Form):
    status = forms.ChoiceField(label="处理状态", choices=TermStatus.choices)
    note = forms.CharField(label="处理说明", max_length=200, required=False)
