"""Forms of the profiles: clusters of an organization, the score model, a drafting-unit link,
the ranking's filters."""

from __future__ import annotations

from django import forms

from directory.models import Organization
from profiles import models as m
from profiles import scoring
from reference.models import IndustryClass, IndustryCluster, Region


class ClusterForm(forms.Form):
    clusters = forms.ModelMultipleChoiceField(
        label="所属产业集群",
        queryset=IndustryCluster.objects.active(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="可多选；按本机构所属行业推荐的集群已预先勾选",
    )


class UnitLinkForm(forms.Form):
    """Link a drafting unit to an organization named by its 统一社会信用代码."""

    uscc = forms.CharField(label="机构统一社会信用代码", max_length=18, min_length=18)

    def clean_uscc(self) -> Organization:
        code = self.cleaned_data["uscc"].strip().upper()
        organization = Organization.objects.filter(uscc=code).first()
        if organization is None:
            raise forms.ValidationError("没有找到该统一社会信用代码对应的机构，请核对后再试")
        return organization


class ScoreModelForm(forms.Form):
    """A new version of the score model: one field per kind × role, per achievement and cap."""

    half_life_years = forms.DecimalField(
        label="时效半衰期（年）", min_value=0.5, max_value=50, decimal_places=2
    )
    breadth_points = forms.DecimalField(
        label="广度加分（第一个之外每个 ICS 领域或标准类别）",
        min_value=0,
        max_value=100,
        decimal_places=2,
    )
    note = forms.CharField(label="修订说明", max_length=300)

    def __init__(self, *args, model: m.ScoreModel | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in scoring.KIND_LABELS.items():
            for role, role_label in scoring.ROLE_LABELS.items():
                self.fields[f"w_{kind}_{role}"] = forms.DecimalField(
                    label=f"{label}·{role_label}", min_value=0, max_value=1000, decimal_places=2
                )
        for key, label in scoring.EXTRA_LABELS.items():
            self.fields[f"p_{key}"] = forms.DecimalField(
                label=f"{label}（每项）", min_value=0, max_value=1000, decimal_places=2
            )
        for key in m.CAPPED:
            label = "总分" if key == "total" else scoring.CATEGORY_LABELS[key]
            self.fields[f"c_{key}"] = forms.DecimalField(
                label=f"{label}上限", min_value=0, max_value=10000, decimal_places=2,
                required=False,
            )  # fmt: skip
        if model is not None and not self.is_bound:
            self.initial.update(
                half_life_years=model.half_life_years, breadth_points=model.breadth_points
            )
            for kind in m.KINDS:
                for role in m.ROLES:
                    self.initial[f"w_{kind}_{role}"] = model.weights.get(kind, {}).get(role, 0)
            for key in m.EXTRAS:
                self.initial[f"p_{key}"] = model.points.get(key, 0)
            for key in m.CAPPED:
                self.initial[f"c_{key}"] = model.caps.get(key, "")

    def weight_fields(self):
        return [self[f"w_{k}_{r}"] for k in m.KINDS for r in m.ROLES]

    def point_fields(self):
        return [self[f"p_{k}"] for k in m.EXTRAS]

    def cap_fields(self):
        return [self[f"c_{k}"] for k in m.CAPPED]

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "weights": {
                kind: {role: data[f"w_{kind}_{role}"] for role in m.ROLES} for kind in m.KINDS
            },
            "half_life_years": data["half_life_years"],
            "breadth_points": data["breadth_points"],
            "points": {key: data[f"p_{key}"] for key in m.EXTRAS},
            "caps": {key: data[f"c_{key}"] for key in m.CAPPED if data.get(f"c_{key}") is not None},
            "note": data["note"],
        }


class RankingFilterForm(forms.Form):
    county = forms.ModelChoiceField(
        label="县(市、区)",
        queryset=Region.objects.filter(level=3, code__startswith="3708"),
        required=False,
        empty_label="全部",
    )
    industry = forms.ChoiceField(label="行业（门类/大类）", required=False)
    cluster = forms.ModelChoiceField(
        label="产业集群",
        queryset=IndustryCluster.objects.active(),
        required=False,
        empty_label="全部",
        to_field_name="code",
    )

    def __init__(self, *args, county_fixed=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "全部")]
        for code, name, level in IndustryClass.objects.filter(level__lte=2).values_list(
            "code", "name", "level"
        ):
            choices.append((code, f"{code} {name}" if level == 1 else f"　{code} {name}"))
        self.fields["industry"].choices = choices
        if county_fixed is not None:
            del self.fields["county"]
