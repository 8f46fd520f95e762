"""Forms of the provincial register: the bureau's entry and Excel rows, the units' stage update."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone

from directory.models import Organization
from provincial.choices import STAGE_ORDER, ProvincialStage, stage_index
from provincial.services import Unit

_UNIT_SPLIT = re.compile(r"[\n;；、|]+")
_STAGE_BY_LABEL = {str(label): key for key, label in ProvincialStage.choices}


def units_from_text(text: str) -> list[Unit]:
    """Unit names, one per line (or separated by ；、|), in order; a name that is exactly a
    registered organization's is linked to it."""
    names = [" ".join(n.split()) for n in _UNIT_SPLIT.split(text or "")]
    names = [n for n in names if n]
    orgs = {o.name: o for o in Organization.objects.filter(name__in=names)}
    return [Unit(name=n, organization=orgs.get(n)) for n in names]


class ProjectForm(forms.Form):
    title = forms.CharField(label="标准名称", max_length=300)
    plan_number = forms.CharField(label="省级计划号", max_length=60)
    year = forms.IntegerField(label="计划年度", min_value=2000, max_value=2100)
    stage = forms.ChoiceField(label="所处阶段", choices=ProvincialStage.choices)
    stage_date = forms.DateField(
        label="进入该阶段日期",
        required=False,
        input_formats=["%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    units = forms.CharField(
        label="本地起草单位",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="按顺序每行一个；与机构名录中名称一致的将自动关联",
        max_length=4000,
    )
    contact_name = forms.CharField(label="联系人", max_length=50, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=50, required=False)
    standard_code = forms.CharField(
        label="发布标准号",
        max_length=100,
        required=False,
        help_text="已发布的填写，如 DB37/T 1234—2026",
    )

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data["units"] = units_from_text(data["units"])
        return data


class ProjectRowForm(ProjectForm):
    """One line of the Excel import: the stage may be written as its Chinese label."""

    stage = forms.CharField(label="所处阶段", max_length=20)

    def clean_stage(self):
        value = self.cleaned_data["stage"].strip()
        stage = _STAGE_BY_LABEL.get(value, value)
        if stage not in STAGE_ORDER:
            labels = "、".join(_STAGE_BY_LABEL)
            raise forms.ValidationError(f"阶段应为：{labels}")
        return stage


class StageUpdateForm(forms.Form):
    stage = forms.ChoiceField(label="进入阶段")
    date = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    standard_code = forms.CharField(
        label="发布标准号",
        max_length=100,
        required=False,
        help_text="发布阶段必填，如 DB37/T 1234—2026",
    )
    note = forms.CharField(
        label="说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    organization = forms.ModelChoiceField(
        label="报送单位", queryset=Organization.objects.none(), empty_label=None
    )
    attachment = forms.FileField(label="附件（可选）", required=False)

    def __init__(self, *args, project, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        after = STAGE_ORDER[stage_index(project.stage) + 1 :]
        self.fields["stage"].choices = [(k, ProvincialStage(k).label) for k in after]
        self.fields["organization"].queryset = Organization.objects.filter(
            pk__in=[o.pk for o in organizations]
        )
        if len(organizations) == 1:
            self.fields["organization"].widget = forms.HiddenInput()
            self.initial.setdefault("organization", organizations[0].pk)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError("日期不能晚于今天")
        return date


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel 文件（XLSX 或 CSV）")
