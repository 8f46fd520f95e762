"""Forms of the directory: declarations on pages, and one row form per register for imports."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from accounts.forms import AccountForm
from directory.choices import CommitteeLevel, CommitteePosition, OrganizationKind
from directory.models import Organization
from directory.validation import clean_uscc
from reference.models import CcsClass, IndustryClass, Region, RegionLevel


def county_queryset():
    return Region.objects.filter(
        level=RegionLevel.COUNTY, code__startswith=settings.SITE["region_code"]
    ).order_by("code")


class EnterpriseRegistrationForm(AccountForm):
    org_name = forms.CharField(label="机构名称", max_length=200, help_text="与营业执照一致")
    uscc = forms.CharField(label="统一社会信用代码", max_length=30, help_text="18 位，见营业执照")
    kind = forms.ChoiceField(
        label="机构类型", choices=OrganizationKind.choices, initial="enterprise"
    )
    region = forms.ModelChoiceField(
        label="所在县(市、区)", queryset=county_queryset(), empty_label="请选择"
    )
    industry = forms.CharField(
        label="所属行业代码", max_length=5, help_text="国民经济行业分类（GB/T 4754-2017），如 3411"
    )
    address = forms.CharField(label="地址", max_length=300)
    contact_person = forms.CharField(label="联系人", max_length=100)
    contact_phone = forms.CharField(label="联系电话", max_length=30)
    licence = forms.FileField(
        label="营业执照",
        help_text="营业执照（或事业单位法人证书、社会团体登记证书）扫描件：PDF、PNG 或 JPG，"
        "仅审核部门可见",
    )

    field_order = [
        "org_name", "uscc", "kind", "region", "industry", "address", "contact_person",
        "contact_phone", "licence", "username", "display_name", "email", "phone", "password1", "password2",
    ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = county_queryset()

    def clean_uscc(self):
        return clean_uscc(self.cleaned_data["uscc"].strip().upper())

    def clean_licence(self):
        """Type by content and size through the documents app; a scan, so PDF or an image."""
        from documents.choices import FileType
        from documents.services import check_size, check_upload

        upload = self.cleaned_data["licence"]
        check_size(name=upload.name, size=upload.size)
        file_type = check_upload(name=upload.name, data=upload.read())
        upload.seek(0)
        if file_type not in (FileType.PDF, FileType.PNG, FileType.JPEG):
            raise ValidationError("营业执照请上传 PDF 文件或 PNG、JPG 图片")
        return upload

    def clean_industry(self):
        code = self.cleaned_data["industry"].strip().upper()
        industry = IndustryClass.objects.filter(code=code).first()
        if industry is None:
            raise ValidationError("没有这个行业代码，请按 GB/T 4754-2017 填写（如 3411）")
        return industry

    def organization_data(self) -> dict:
        c = self.cleaned_data
        return {
            "name": c["org_name"],
            "uscc": c["uscc"],
            "kind": c["kind"],
            "region": c["region"],
            "industry": c["industry"],
            "address": c["address"],
            "contact_person": c["contact_person"],
            "contact_phone": c["contact_phone"],
            "contact_email": c["email"],
        }


class JoinOrganizationForm(forms.Form):
    uscc = forms.CharField(label="机构的统一社会信用代码", max_length=30)

    def clean_uscc(self):
        code = self.cleaned_data["uscc"].strip().upper()
        organization = Organization.objects.filter(uscc=code).first()
        if organization is None:
            raise ValidationError("平台上还没有以该统一社会信用代码注册的机构")
        return organization


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
