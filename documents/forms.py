from django import forms

from documents.choices import DocumentKind


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="材料类型", choices=DocumentKind.choices)
    file = forms.FileField(
        label="文件", help_text="PDF、Word、Excel、PNG 或 JPG，单个文件不超过 20 MB"
    )
