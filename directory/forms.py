"""Forms of the directory: declarations on pages, and one row form per register for imports."""

from django import forms
from django.core.exceptions import ValidationError

from directory.choices import CommitteeLevel, CommitteePosition
from directory.models import Organization
from reference.models import CcsClass, IndustryClass


class SpecialistForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=100)
    position = forms.CharField(label="职务", max_length=100, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    certificate_number = forms.CharField(label="培训证书编号", max_length=60, required=False)


def _organization(value: str) -> Organization | None:
    """An organization named by its 统一社会信用代码 or its exact name; blank is None."""
    value = (value or "").strip()
    if not value:
        return None
    found = Organization.objects.filter(uscc=value.upper()).first() or (
        Organization.objects.filter(name=value).first()
    )
    if found is None:
        raise ValidationError(f"平台中没有机构“{value}”，请先登记该机构或填写统一社会信用代码")
    return found


def _codes(value: str, model, label: str) -> list:
    codes = [c.strip() for c in (value or "").replace("，", "|").replace(",", "|").split("|")]
    codes = [c for c in codes if c]
    found = {o.pk: o for o in model.objects.filter(pk__in=codes)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise ValidationError(f"未知的{label}代码：{'、'.join(unknown)}")
    return [found[c] for c in codes]


def _yes(value: str) -> bool:
    return (value or "").strip().lower() not in {"否", "no", "false", "0", "n"}


class ExpertRowForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=100)
    title = forms.CharField(label="职称", max_length=100, required=False)
    employer = forms.CharField(label="工作单位", required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    ccs = forms.CharField(label="专业领域（CCS）", required=False)
    industries = forms.CharField(label="专业领域（行业）", required=False)
    available = forms.CharField(label="可参加评审", required=False)

    def clean_employer(self):
        return _organization(self.cleaned_data["employer"])

    def clean_ccs(self):
        return _codes(self.cleaned_data["ccs"], CcsClass, "CCS")

    def clean_industries(self):
        return _codes(self.cleaned_data["industries"], IndustryClass, "行业")

    def clean_available(self):
        return _yes(self.cleaned_data["available"])


class SpecialistRowForm(SpecialistForm):
    organization = forms.CharField(label="所在机构")

    def clean_organization(self):
        return _organization(self.cleaned_data["organization"])


def _choice(value: str, choices, label: str) -> str:
    value = (value or "").strip()
    for key, text in choices:
        if value in (key, text) or (value and text.startswith(value)):
            return key
    raise ValidationError(f"{label}应为：{'、'.join(t for _, t in choices)}")


class CommitteeRowForm(forms.Form):
    code = forms.CharField(label="编号", max_length=40)
    name = forms.CharField(label="名称", max_length=200)
    level = forms.CharField(label="级别")
    secretariat = forms.CharField(label="秘书处承担单位", required=False)
    scope = forms.CharField(label="专业领域", required=False)
    members = forms.CharField(
        label="本地委员", required=False, help_text="姓名:职务:单位，以 | 分隔"
    )

    def clean_level(self):
        return _choice(self.cleaned_data["level"], CommitteeLevel.choices, "级别")

    def clean_secretariat(self):
        return _organization(self.cleaned_data["secretariat"])

    def clean_members(self):
        members = []
        for entry in filter(None, (e.strip() for e in self.cleaned_data["members"].split("|"))):
            parts = [p.strip() for p in entry.replace("：", ":").split(":")]
            name = parts[0]
            position = (
                _choice(parts[1], CommitteePosition.choices, "委员职务")
                if len(parts) > 1 and parts[1]
                else CommitteePosition.MEMBER
            )
            organization = _organization(parts[2]) if len(parts) > 2 else None
            members.append((name, position, organization))
        return members
