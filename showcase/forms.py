"""Forms of the showcase: the public filter and the bureau's item and image forms."""

from django import forms
from django.core.cache import cache
from django.utils import timezone

from showcase.choices import Category, Kind
from showcase.widgets import Select

# Regions and 门类 change only when the reference data is (re)loaded: cached, dropped on a save
# or delete of either (showcase.apps), and at most REFERENCE_CHOICES_TTL old after a bulk load.
REFERENCE_CHOICES_KEY = "showcase:reference-choices"
REFERENCE_CHOICES_TTL = 600


def _reference_choices() -> dict[str, list[tuple[str, str]]]:
    from reference.models import IndustryClass, Region, RegionLevel

    counties = Region.objects.filter(level=RegionLevel.COUNTY, code__startswith="3708")
    return {
        "county": [(r.code, r.name) for r in counties.only("code", "name")],
        "industry": [
            (i.code, f"{i.code} {i.name}")
            for i in IndustryClass.objects.filter(level=1).only("code", "name")
        ],
    }


def reference_choices() -> dict[str, list[tuple[str, str]]]:
    """{"county": the counties of Jining (县(市、区)), "industry": the 门类 of GB/T 4754 (A–T)}."""
    return cache.get_or_set(REFERENCE_CHOICES_KEY, _reference_choices, REFERENCE_CHOICES_TTL)


def reference_choices_forget(**kwargs) -> None:
    cache.delete(REFERENCE_CHOICES_KEY)


class ShowcaseFilter(forms.Form):
    kind = forms.ChoiceField(
        label="成果类型", choices=[("", "全部"), *Kind.choices], required=False, widget=Select
    )
    year = forms.TypedChoiceField(
        label="年度", coerce=int, required=False, empty_value=None, widget=Select
    )
    county = forms.ChoiceField(label="县(市、区)", required=False, widget=Select)
    industry = forms.ChoiceField(label="行业门类", required=False, widget=Select)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [("", "全部")] + [
            (y, f"{y}年") for y in range(this_year, 1999, -1)
        ]
        choices = reference_choices()
        self.fields["county"].choices = [("", "全部"), *choices["county"]]
        self.fields["industry"].choices = [("", "全部"), *choices["industry"]]

    def filters(self):
        from showcase.selectors import Filters

        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            kind=data["kind"] or "",
            year=data["year"],
            county=data["county"] or "",
            industry=data["industry"] or "",
        )


class ItemForm(forms.Form):
    category = forms.ChoiceField(label="类别", choices=Category.choices)
    title = forms.CharField(label="标题", max_length=200)
    summary = forms.CharField(
        label="摘要", max_length=300, required=False, help_text="列表中显示，300 字以内"
    )
    body = forms.CharField(
        label="正文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="可使用段落、标题、列表、表格和链接等 HTML 标记；其他标记保存时会被清除。",
    )
    year = forms.IntegerField(label="年度", min_value=1990, max_value=2100)
    county = forms.ModelChoiceField(label="县(市、区)", queryset=None, required=False)
    industry = forms.ModelChoiceField(label="行业门类", queryset=None, required=False)
    standard_code = forms.CharField(
        label="相关标准",
        max_length=100,
        required=False,
        help_text="填写标准号，如 DB3708/T 12-2021",
    )
    organization_uscc = forms.CharField(
        label="相关机构", max_length=18, required=False, help_text="填写统一社会信用代码"
    )
    plan_item = forms.ModelChoiceField(
        label="相关建设项目",
        queryset=None,
        required=False,
        help_text="标准化品牌建设等方案中的项目",
    )

    def __init__(self, *args, **kwargs):
        from programs.models import PlanItem
        from reference.models import IndustryClass, Region, RegionLevel

        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = Region.objects.filter(
            level=RegionLevel.COUNTY, code__startswith="3708"
        )
        self.fields["industry"].queryset = IndustryClass.objects.filter(level=1)
        self.fields["plan_item"].queryset = PlanItem.objects.select_related("field")
        if not self.is_bound and not self.initial.get("year"):
            self.initial["year"] = timezone.localdate().year

    def clean_standard_code(self):
        from catalog.codes import code_search_key
        from catalog.models import Standard

        code = self.cleaned_data["standard_code"].strip()
        if not code:
            self.standard = None
            return code
        self.standard = Standard.objects.filter(code_key=code_search_key(code)).first()
        if self.standard is None:
            raise forms.ValidationError(f"目录中没有标准“{code}”，请核对标准号")
        return code

    def clean_organization_uscc(self):
        from directory.models import Organization

        uscc = self.cleaned_data["organization_uscc"].strip().upper()
        if not uscc:
            self.organization = None
            return uscc
        self.organization = Organization.objects.filter(uscc=uscc).first()
        if self.organization is None:
            raise forms.ValidationError("没有这个统一社会信用代码的机构，请核对")
        return uscc

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "category": data["category"],
            "title": data["title"],
            "summary": data["summary"],
            "body": data["body"],
            "year": data["year"],
            "county": data["county"],
            "industry": data["industry"],
            "standard": self.standard,
            "organization": self.organization,
            "plan_item": data["plan_item"],
        }

    @classmethod
    def initial_for(cls, item) -> dict:
        return {
            "category": item.category,
            "title": item.title,
            "summary": item.summary,
            "body": item.body,
            "year": item.year,
            "county": item.county_id,
            "industry": item.industry_id,
            "standard_code": item.standard.code if item.standard else "",
            "organization_uscc": item.organization.uscc if item.organization else "",
            "plan_item": item.plan_item_id,
        }


class ImageForm(forms.Form):
    file = forms.FileField(label="图片", help_text="PNG 或 JPG，5 MB 以内")
    alt = forms.CharField(
        label="图片说明",
        max_length=120,
        help_text="描述图片内容，供读屏软件朗读（必填）",
        error_messages={"required": "请填写图片说明（供读屏软件朗读）"},
    )
