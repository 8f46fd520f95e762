"""Forms of the bureau's topic pages (no JavaScript needed)."""

from django import forms

from catalog.choices import Kind, Status
from reference.models import IndustryCluster
from topics.choices import NodeCategory, TopicKind
from topics.models import TopicNode


def classes_from(text: str, model, field: str = "code"):
    """The ICS/CCS classes named in `text` (codes separated by spaces); unknown codes are an
    error in Chinese."""
    codes = sorted(set((text or "").replace("，", " ").replace(",", " ").split()))
    found = list(model.objects.filter(**{f"{field}__in": codes}))
    missing = sorted(set(codes) - {getattr(c, field) for c in found})
    if missing:
        raise forms.ValidationError(f"分类代码不存在：{'、'.join(missing)}")
    return found


class TopicForm(forms.Form):
    name = forms.CharField(label="专题名称", max_length=100)
    slug = forms.SlugField(
        label="网址标识", max_length=60, help_text="小写字母、数字和连字符，用于专题网址"
    )
    kind = forms.ChoiceField(label="类别", choices=TopicKind.choices)
    cluster = forms.ModelChoiceField(
        label="产业集群",
        queryset=IndustryCluster.objects.active(),
        required=False,
        empty_label="（无）",
    )
    description = forms.CharField(
        label="简介", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    keywords = forms.CharField(
        label="领域关键词",
        max_length=300,
        required=False,
        help_text="以空格分隔；标题含这些词的征求意见稿会提醒关注者",
    )
    ics_codes = forms.CharField(
        label="ICS 分类",
        max_length=300,
        required=False,
        help_text="该专题覆盖的 ICS 分类代码，以空格分隔，如 97.220",
    )
    ccs_codes = forms.CharField(
        label="CCS 分类",
        max_length=300,
        required=False,
        help_text="该专题覆盖的 CCS 分类代码，以空格分隔，如 Y55",
    )
    order = forms.IntegerField(label="排序", min_value=0, max_value=32000, initial=0)
    is_published = forms.BooleanField(label="公开（在专题服务中显示）", required=False)

    def clean_ics_codes(self):
        from reference.models import IcsClass

        return classes_from(self.cleaned_data.get("ics_codes"), IcsClass)

    def clean_ccs_codes(self):
        from reference.models import CcsClass

        return classes_from(self.cleaned_data.get("ccs_codes"), CcsClass)


class NodeForm(forms.Form):
    code = forms.CharField(
        label="体系编号", max_length=20, required=False, help_text="如 101、102.1"
    )
    name = forms.CharField(label="节点名称", max_length=100)
    category = forms.ChoiceField(
        label="类别", choices=[("", "（不分类）"), *NodeCategory.choices], required=False
    )
    parent = forms.ModelChoiceField(
        label="上级节点", queryset=TopicNode.objects.none(), required=False, empty_label="（顶层）"
    )

    def __init__(self, *args, topic, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = TopicNode.objects.filter(topic=topic).order_by(
            "order", "id"
        )


class PlacementForm(forms.Form):
    code = forms.CharField(label="标准号", max_length=100, help_text="如 GB/T 19001-2016")
    note = forms.CharField(label="备注", max_length=200, required=False)


class RuleForm(forms.Form):
    """The standard list's filters (the same names and checks, see `follows.services`)."""

    q = forms.CharField(label="关键词", max_length=200, required=False)
    kind = forms.ChoiceField(
        label="标准类型", choices=[("", "全部类型"), *Kind.choices], required=False
    )
    status = forms.ChoiceField(
        label="状态", choices=[("", "全部状态"), *Status.choices], required=False
    )
    ics = forms.CharField(label="ICS", max_length=12, required=False)
    ccs = forms.CharField(label="CCS", max_length=10, required=False)
    issuing_body = forms.CharField(label="发布单位", max_length=100, required=False)


class TopicSearchForm(forms.Form):
    q = forms.CharField(label="在本专题中检索", max_length=200, required=False)
