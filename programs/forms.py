"""Forms of the programs pages (and of the forerunner import: the same rules for both)."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from catalog.codes import InvalidStandardCode, parse_code
from catalog.models import Standard
from directory.models import Organization
from programs.choices import AwardKind, AwardRole, UpgradeLevel
from programs.models import PilotProject, PlanItem, SubsidyPolicy
from programs.services import POLICY_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def rate_name(kind: str, role: str) -> str:
    return f"rate_{kind}_{role}"


class PolicyForm(forms.ModelForm):
    """The policy and its amount table: one field per standard kind and role."""

    class Meta:
        model = SubsidyPolicy
        fields = list(POLICY_FIELDS)
        widgets = {"window_start": DATE, "window_end": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        table = self.instance.rate_table() if self.instance.pk else {}
        for kind, kind_label in AwardKind.choices:
            for role, role_label in AwardRole.choices:
                self.fields[rate_name(kind, role)] = forms.DecimalField(
                    label=f"{kind_label}·{role_label}（元）",
                    required=False,
                    min_value=Decimal(0),
                    max_digits=14,
                    decimal_places=2,
                    initial=table.get((kind, role)),
                )

    def clean(self):
        data = super().clean()
        start, end = data.get("window_start"), data.get("window_end")
        if start and end and start > end:
            self.add_error("window_end", "发布日期止不能早于发布日期起。")
        return data

    def rate_fields(self):
        return [self[rate_name(k, r)] for k in AwardKind.values for r in AwardRole.values]

    def policy_fields(self):
        return [self[name] for name in POLICY_FIELDS]

    def policy_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in POLICY_FIELDS}

    def rates(self) -> dict:
        return {
            (k, r): self.cleaned_data.get(rate_name(k, r)) or Decimal(0)
            for k in AwardKind.values
            for r in AwardRole.values
        }


class ApplicationForm(forms.Form):
    policy = forms.ModelChoiceField(
        label="资助奖励政策", queryset=SubsidyPolicy.objects.none(), empty_label=None
    )
    standards = forms.CharField(
        label="申报的标准",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="每行一个标准号，按标准文本印刷的写法填写，如 GB/T 19001-2016",
        max_length=5000,
    )

    def __init__(self, *args, **kwargs):
        from calls.selectors import open_calls

        super().__init__(*args, **kwargs)
        # Only the policies whose call takes applications now (the process checks it again).
        self.fields["policy"].queryset = SubsidyPolicy.objects.filter(
            call__in=open_calls("subsidy")
        )

    def codes(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["standards"].splitlines() if line.strip()
        ]


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label="拨付日期", widget=DATE)
    amount = forms.DecimalField(
        label="金额（元）", min_value=Decimal("0.01"), max_digits=14, decimal_places=2
    )
    reference = forms.CharField(label="凭证号", max_length=100)


class ScoreForm(forms.Form):
    score = forms.DecimalField(
        label="评审得分", min_value=Decimal(0), max_value=Decimal(100), decimal_places=2
    )


def _standard_for(code: str) -> Standard | None:
    try:
        key = parse_code(code).key
    except InvalidStandardCode:
        return None
    return Standard.objects.filter(code_key=key).first()


class ForerunnerForm(forms.Form):
    """One forerunner result, from the page or a line of the Excel register."""

    year = forms.IntegerField(label="年度", min_value=2015, max_value=2100)
    field = forms.CharField(label="产品或服务领域", max_length=200)
    enterprise_name = forms.CharField(label="企业名称", max_length=200)
    uscc = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    standard_code = forms.CharField(label="自我声明的企业标准", max_length=100)
    assessment_body = forms.CharField(label="评估机构", max_length=200)

    def clean(self):
        data = super().clean()
        uscc = (data.get("uscc") or "").strip().upper()
        organization = None
        if uscc:
            organization = Organization.objects.filter(uscc=uscc).first()
            if organization is None:
                self.add_error("uscc", "平台中没有该统一社会信用代码的机构。")
        elif data.get("enterprise_name"):
            organization = Organization.objects.filter(name=data["enterprise_name"]).first()
        data["organization"] = organization
        code = data.get("standard_code")
        data["standard"] = _standard_for(code) if code else None
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            k: data[k]
            for k in (
                "year", "field", "enterprise_name", "standard_code", "standard",
                "assessment_body", "organization",
            )
        }  # fmt: skip


class ForerunnerImportForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx 或 .csv）")


class UpgradeForm(forms.Form):
    from_code = forms.CharField(label="原标准号", max_length=100)
    to_code = forms.CharField(label="升级后的标准号", max_length=100)
    level = forms.ChoiceField(label="升级至", choices=UpgradeLevel.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    uscc = forms.CharField(label="主导单位统一社会信用代码", max_length=18, required=False)

    def clean_from_code(self):
        standard = _standard_for(self.cleaned_data["from_code"])
        if standard is None:
            raise forms.ValidationError("标准目录中没有该标准。")
        self.cleaned_data["from_standard"] = standard
        return self.cleaned_data["from_code"]

    def clean_uscc(self):
        uscc = self.cleaned_data["uscc"].strip().upper()
        if not uscc:
            return None
        organization = Organization.objects.filter(uscc=uscc).first()
        if organization is None:
            raise forms.ValidationError("平台中没有该统一社会信用代码的机构。")
        return organization

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "from_standard": data["from_standard"],
            "to_standard": _standard_for(data["to_code"]),
            "to_code": data["to_code"],
            "level": data["level"],
            "year": data["year"],
            "organization": data["uscc"],
        }


class PilotForm(forms.ModelForm):
    class Meta:
        model = PilotProject
        fields = [
            "title", "level", "domain", "objectives", "standard_system", "period_start",
            "period_end",
        ]  # fmt: skip
        widgets = {"period_start": DATE, "period_end": DATE}

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", "建设期止不能早于建设期起。")
        return data


class AchievementsForm(forms.Form):
    achievements = forms.CharField(
        label="建设成效", widget=forms.Textarea(attrs={"rows": 6}), max_length=10000
    )


class ProgressReportForm(forms.Form):
    period = forms.CharField(label="报告期", max_length=40, help_text="如 2026年第二季度")
    progress = forms.CharField(label="建设进展", widget=forms.Textarea(attrs={"rows": 4}))
    problems = forms.CharField(
        label="存在问题", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PlanItemForm(forms.ModelForm):
    class Meta:
        model = PlanItem
        fields = ["plan", "field", "title", "responsible", "targets", "due_date"]
        widgets = {"due_date": DATE, "targets": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = Organization.objects.order_by("name")
