"""Forms of local standard projects: the application, the process's action forms, suggestions."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from drafting.choices import MIN_COMMENT_DAYS, PUBLICITY_DAYS, ProjectKind
from drafting.models import LocalStandardProject, Suggestion

FAIR_COMPETITION = (
    ("no_entry_barrier", "未设置市场准入和退出条件"),
    ("no_local_protection", "未排斥、限制外地经营者参与本地经营"),
    ("no_designated_supplier", "未限定经营、购买、使用特定经营者提供的商品和服务"),
    ("no_cost_burden", "未违法影响生产经营成本或限制经营行为"),
)


def _checked(label: str) -> forms.BooleanField:
    return forms.BooleanField(
        label=f"公平竞争审查：{label}",
        required=True,
        error_messages={"required": "请逐项确认公平竞争审查清单"},
    )


class FairCompetitionForm(forms.Form):
    """立项审查: the fair-competition review checklist and the publicity period (fields declared
    on the class: the engine reads an action form's `base_fields`)."""

    no_entry_barrier = _checked(FAIR_COMPETITION[0][1])
    no_local_protection = _checked(FAIR_COMPETITION[1][1])
    no_designated_supplier = _checked(FAIR_COMPETITION[2][1])
    no_cost_burden = _checked(FAIR_COMPETITION[3][1])
    publicity_days = forms.IntegerField(
        label="公示天数（工作日）", min_value=5, max_value=30, initial=PUBLICITY_DAYS
    )


class PlanForm(forms.Form):
    completion_deadline = forms.DateField(
        label="计划完成期限", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_completion_deadline(self):
        value = self.cleaned_data["completion_deadline"]
        if value <= timezone.localdate():
            raise forms.ValidationError("计划完成期限应晚于今天")
        return value


class CommentPeriodForm(forms.Form):
    days = forms.IntegerField(
        label="征求意见天数",
        min_value=MIN_COMMENT_DAYS,
        max_value=120,
        initial=MIN_COMMENT_DAYS,
        error_messages={"min_value": f"征求意见期不得少于 {MIN_COMMENT_DAYS} 天"},
    )


class ChangesForm(forms.Form):
    changes = forms.CharField(
        label="须修改的内容（每行一条）", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )


class ApproveForm(forms.Form):
    issue_date = forms.DateField(label="发布日期", widget=forms.DateInput(attrs={"type": "date"}))
    implement_date = forms.DateField(
        label="实施日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    number = forms.IntegerField(
        label="顺序号（留空则自动取下一个）", min_value=1, max_value=999, required=False
    )

    def clean(self):
        data = super().clean()
        issue, implement = data.get("issue_date"), data.get("implement_date")
        if issue and implement and implement < issue:
            self.add_error("implement_date", "实施日期不能早于发布日期")
        return data


class FilingForm(forms.Form):
    filing_number = forms.CharField(label="备案号", max_length=40)
    filing_date = forms.DateField(label="备案日期", widget=forms.DateInput(attrs={"type": "date"}))


class AbolishForm(forms.Form):
    abolish_date = forms.DateField(label="废止日期", widget=forms.DateInput(attrs={"type": "date"}))


class ProjectForm(forms.ModelForm):
    """立项申请书: the structured fields; drafting units come in the lines below."""

    units = forms.CharField(
        label="起草单位（每行一家，按排序：单位名称｜联系人｜联系电话）",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    revises_code = forms.CharField(
        label="被修订标准的标准号（修订项目填写）", max_length=100, required=False
    )
    application = forms.FileField(label="立项申请书", required=False)
    draft = forms.FileField(label="标准草案", required=False)

    class Meta:
        model = LocalStandardProject
        fields = [
            "title",
            "kind",
            "sponsor_department",
            "scope",
            "reason",
            "main_content",
            "relation",
            "period_months",
            "funding",
        ]
        widgets = {
            f: forms.Textarea(attrs={"rows": 3})
            for f in ("scope", "reason", "main_content", "relation")
        }

    def clean_units(self):
        rows = []
        for line in self.cleaned_data["units"].splitlines():
            parts = [p.strip() for p in line.replace("|", "｜").split("｜")]
            if not parts or not parts[0]:
                continue
            parts += ["", ""]
            rows.append({"name": parts[0], "contact_person": parts[1], "contact_phone": parts[2]})
        if not rows:
            raise forms.ValidationError("请至少填写一家起草单位")
        return rows

    def clean_kind(self):
        return self.cleaned_data.get("kind") or ProjectKind.NEW

    def clean_revises_code(self):
        from catalog.codes import InvalidStandardCode, parse_code
        from catalog.models import Standard

        code = (self.cleaned_data.get("revises_code") or "").strip()
        if not code:
            return None
        try:
            key = parse_code(code).key
        except InvalidStandardCode as error:
            raise forms.ValidationError(f"标准号格式不正确：{error}") from None
        standard = Standard.objects.filter(code_key=key).first()
        if standard is None:
            raise forms.ValidationError("标准目录中没有该标准")
        return standard


class SuggestionForm(forms.ModelForm):
    class Meta:
        model = Suggestion
        fields = ["title", "reason", "scope", "sponsor_hint", "contact"]
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 4}),
            "scope": forms.Textarea(attrs={"rows": 3}),
        }


class SuggestionAnswerForm(forms.Form):
    adopted = forms.TypedChoiceField(
        label="答复结论",
        choices=(("1", "采纳，转有关部门申报"), ("0", "暂不采纳")),
        coerce=lambda v: v == "1",
    )
    answer = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 3}))


class FeedbackForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    organization = forms.CharField(label="单位", max_length=100, required=False)
    contact = forms.CharField(label="联系方式", max_length=100)
    content = forms.CharField(
        label="反馈内容", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # honeypot


class TechPanelForm(forms.Form):
    experts = forms.ModelMultipleChoiceField(label="审查专家", queryset=None)
    rule = forms.ChoiceField(
        label="表决规则", choices=(("majority", "过半数同意"), ("all", "全体同意"))
    )
    due = forms.DateField(
        label="表决期限", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, experts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experts"].queryset = experts
        self.fields["experts"].widget = forms.CheckboxSelectMultiple()
        self.fields["experts"].widget.choices = self.fields["experts"].choices


class VoteForm(forms.Form):
    outcome = forms.ChoiceField(
        label="表决意见",
        choices=(("approve", "同意"), ("reject", "不同意")),
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(label="审查意见", widget=forms.Textarea(attrs={"rows": 3}))


def default_completion(period_months: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=round(period_months * 30.4))
