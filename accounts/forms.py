"""Registration and profile forms; all messages in Chinese."""

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from accounts.models import User
from directory.choices import OrganizationKind
from directory.models import Organization
from directory.validation import clean_uscc
from reference.models import IndustryClass, Region, RegionLevel


class AccountForm(forms.Form):
    username = forms.RegexField(
        label="用户名",
        max_length=50,
        regex=r"^[A-Za-z0-9_.@+-]{3,50}$",
        error_messages={"invalid": "用户名为 3–50 位字母、数字或 _ . @ + -"},
    )
    display_name = forms.CharField(label="姓名", max_length=100)
    email = forms.EmailField(label="电子邮箱", help_text="用于接收确认邮件和通知")
    phone = forms.CharField(label="手机号码", max_length=30, required=False)
    password1 = forms.CharField(
        label="密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="至少 10 位，不能全是数字，不能与用户名相近",
    )
    password2 = forms.CharField(
        label="确认密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError("该用户名已被使用")
        return username

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError("该邮箱已注册，可直接登录或找回密码")
        return email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "两次输入的密码不一致")
        elif p1:
            probe = User(username=cleaned.get("username", ""), email=cleaned.get("email", ""))
            try:
                password_validation.validate_password(p1, probe)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def account_data(self) -> dict:
        c = self.cleaned_data
        return {
            "username": c["username"],
            "display_name": c["display_name"],
            "email": c["email"],
            "phone": c.get("phone", ""),
            "password": c["password1"],
        }


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

    field_order = [
        "org_name", "uscc", "kind", "region", "industry", "address", "contact_person",
        "contact_phone", "username", "display_name", "email", "phone", "password1", "password2",
    ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = county_queryset()

    def clean_uscc(self):
        return clean_uscc(self.cleaned_data["uscc"].strip().upper())

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


class IndividualRegistrationForm(AccountForm):
    pass


class ProfileForm(forms.Form):
    display_name = forms.CharField(label="姓名", max_length=100)
    phone = forms.CharField(label="手机号码", max_length=30, required=False)


class JoinOrganizationForm(forms.Form):
    uscc = forms.CharField(label="机构的统一社会信用代码", max_length=30)

    def clean_uscc(self):
        code = self.cleaned_data["uscc"].strip().upper()
        organization = Organization.objects.filter(uscc=code).first()
        if organization is None:
            raise ValidationError("平台上还没有以该统一社会信用代码注册的机构")
        return organization
