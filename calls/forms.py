import datetime as dt

from django import forms
from django.utils import timezone

from calls.programs import programs


def local_midnight(day: dt.date) -> dt.datetime:
    """00:00 of `day` in the site's time zone (Asia/Shanghai)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class CallForm(forms.Form):
    """The bureau's call form: whole days, the window runs from 00:00 of the first day to 24:00
    of the last (Asia/Shanghai)."""

    program = forms.ChoiceField(label="项目类别", choices=programs)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="标题", max_length=200)
    opens_on = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(
        label="截止日期",
        help_text="当天 24:00 截止",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    eligibility = forms.CharField(
        label="申报条件", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    guidance = forms.CharField(
        label="申报指南",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="可使用段落、标题、列表、表格和链接等 HTML 标记；其他标记保存时会被清除。",
    )

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", "截止日期不能早于开始日期")
        return data

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "program": data["program"],
            "year": data["year"],
            "title": data["title"],
            "eligibility": data["eligibility"],
            "guidance": data["guidance"],
            "opens_at": local_midnight(data["opens_on"]),
            "closes_at": local_midnight(data["closes_on"] + dt.timedelta(days=1)),
        }

    @classmethod
    def initial_for(cls, call) -> dict:
        return {
            "program": call.program,
            "year": call.year,
            "title": call.title,
            "eligibility": call.eligibility,
            "guidance": call.guidance,
            "opens_on": timezone.localtime(call.opens_at).date(),
            "closes_on": call.last_day,
        }


class CallCloseForm(forms.Form):
    withdraw = forms.BooleanField(label="撤回（公众将看不到该通知）", required=False)
    reason = forms.CharField(label="原因", max_length=300, required=False)
