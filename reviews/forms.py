from django import forms
from django.forms import formset_factory

from calls.programs import programs
from directory.models import Expert
from reviews.models import ScoreSheet


class ReviewForm(forms.Form):
    """Built from a score sheet: one number per criterion (0..max), the vote, the opinion and the
    no-conflict declaration."""

    def __init__(self, *args, sheet: ScoreSheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        self.criteria = list(sheet.criteria.all())
        for criterion in self.criteria:
            self.fields[f"c_{criterion.pk}"] = forms.DecimalField(
                label=f"{criterion.position}. {criterion.label}（满分 {criterion.max_points}）",
                help_text=criterion.description,
                min_value=0,
                max_value=criterion.max_points,
                decimal_places=1,
                widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
            )
        self.fields["vote"] = forms.ChoiceField(
            label="表决意见", choices=sheet.vote_choices, widget=forms.RadioSelect
        )
        self.fields["opinion"] = forms.CharField(
            label="评审意见", max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
        )
        self.fields["declare_no_conflict"] = forms.BooleanField(
            label="本人声明：与被评审单位及本事项不存在利益冲突，评审意见独立、客观、公正",
            error_messages={"required": "请勾选无利益冲突声明"},
        )

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "scores": {str(c.pk): data[f"c_{c.pk}"] for c in self.criteria},
            "vote": data["vote"],
            "opinion": data["opinion"],
            "declare_no_conflict": data["declare_no_conflict"],
        }


class SheetForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    program = forms.ChoiceField(label="项目类别", choices=programs)
    pass_mark = forms.DecimalField(label="合格分", min_value=0, decimal_places=1)


class CriterionForm(forms.Form):
    label = forms.CharField(label="评分项", max_length=100, required=False)
    description = forms.CharField(label="评分说明", max_length=500, required=False)
    max_points = forms.DecimalField(label="满分", min_value=0, decimal_places=1, required=False)


CriterionFormSet = formset_factory(CriterionForm, extra=3)


def criteria_from(formset) -> list[dict]:
    """The filled rows of the criteria formset, in order (blank rows left out)."""
    return [
        f.cleaned_data
        for f in formset.forms
        if f.cleaned_data.get("label") or f.cleaned_data.get("max_points") is not None
    ]


class AssignForm(forms.Form):
    sheet = forms.ModelChoiceField(label="评分表", queryset=ScoreSheet.objects.none())
    experts = forms.ModelMultipleChoiceField(
        label="评审专家", queryset=Expert.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    due = forms.DateField(label="评审期限", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, sheets, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sheet"].queryset = sheets
        self.fields["experts"].queryset = experts
