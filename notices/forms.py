from django import forms

from notices.choices import Category


class ArticleForm(forms.Form):
    category = forms.ChoiceField(label="栏目", choices=Category.choices)
    title = forms.CharField(label="标题", max_length=200)
    summary = forms.CharField(
        label="摘要", max_length=300, required=False, help_text="列表和搜索结果中显示，300 字以内"
    )
    body = forms.CharField(
        label="正文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="可使用段落、标题、列表、表格和链接等 HTML 标记；其他标记保存时会被清除。",
    )
    publish_at = forms.DateTimeField(
        label="发布时间",
        required=False,
        help_text="北京时间；留空则在点击“发布”时立即公开，填写将来的时间则到时自动公开",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    pinned = forms.BooleanField(label="置顶", required=False)

    def service_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}

    @classmethod
    def initial_for(cls, article) -> dict:
        from django.utils import timezone

        return {
            "category": article.category,
            "title": article.title,
            "summary": article.summary,
            "body": article.body,
            "publish_at": timezone.localtime(article.publish_at) if article.publish_at else None,
            "pinned": article.pinned,
        }


class ArticleListFilter(forms.Form):
    category = forms.ChoiceField(
        label="栏目", choices=[("", "全部"), *Category.choices], required=False
    )
