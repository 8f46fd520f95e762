"""Forms of the catalog. `StandardRowForm` holds the rules for one standard as entered or imported."""

import datetime
import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalog import validation as v
from catalog.choices import Kind, Nature, Status
from catalog.models import Standard, StandardDraftingOrganization, StandardReplacement
from reference.models import CcsClass, IcsClass

MAX_TEXT = 500


class StandardRowForm(forms.Form):
    """One standard as text values (a file row or an API payload), cleaned into model values.

    `cleaned_data` holds model field values plus `ics_codes`, `ccs_code`, `replaces`,
    `replaced_by` (lists of (StandardCode, is_partial)) and `drafting_units` ([(name, role)]).
    `warnings` lists what was ignored, for the import report.
    """

    code = forms.CharField(label="标准号", max_length=100)
    title = forms.CharField(label="标准名称", max_length=MAX_TEXT)
    title_en = forms.CharField(label="英文名称", max_length=1000, required=False)
    kind = forms.CharField(label="标准类型", required=False)
    nature = forms.CharField(label="标准性质", required=False)
    status = forms.CharField(label="状态", required=False)
    issue_date = forms.Field(label="发布日期", required=False)
    implement_date = forms.Field(label="实施日期", required=False)
    abolish_date = forms.Field(label="废止日期", required=False)
    review_confirmed_date = forms.Field(label="复审确认日期", required=False)
    replaces = forms.CharField(label="代替标准", required=False)
    replaced_by = forms.CharField(label="被代替标准", required=False)
    issuing_body = forms.CharField(label="发布单位", max_length=300, required=False)
    competent_department = forms.CharField(label="主管部门", max_length=300, required=False)
    technical_committee = forms.CharField(label="归口单位", max_length=300, required=False)
    ics = forms.CharField(label="ICS", required=False)
    ccs = forms.CharField(label="CCS", required=False)
    adopted_standard = forms.CharField(label="采用国际标准", max_length=300, required=False)
    adoption_degree = forms.CharField(label="采标程度", required=False)
    scope = forms.CharField(label="范围/摘要", required=False)
    drafting_organizations = forms.CharField(label="起草单位", required=False)
    participating_organizations = forms.CharField(label="参与起草单位", required=False)
    drafters = forms.CharField(label="起草人", required=False)
    plan_number = forms.CharField(label="计划号", max_length=60, required=False)
    source_id = forms.CharField(label="来源编号", max_length=200, required=False)
    raw_values = forms.CharField(label="未采用的原始值", max_length=2000, required=False)

    def __init__(
        self, *args, today: datetime.date | None = None, ics_known=None, ccs_known=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        # Importers pass the known classification codes once instead of a query per row.
        self._ics_known = ics_known
        self._ccs_known = ccs_known
        self.warnings: list[tuple[str, str]] = []
        # Values of a sound row that could not be used, kept as given (Standard.raw_values).
        self.raw_values: dict[str, object] = {}

    def _set_aside(self, name: str, raw, message: str) -> None:
        """Keep the row, drop the bad value of a secondary field, keep it raw, say so."""
        self.raw_values[name] = raw
        self.warnings.append((name, message))

    def clean_code(self):
        return v.parse_standard_code(self.cleaned_data["code"])

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean_kind(self):
        try:
            return v.parse_kind(self.cleaned_data.get("kind", ""))
        except ValidationError as exc:
            if exc.code == "foreign_kind":
                raise
            # The code decides the kind: a label this platform does not know only checks it.
            self.warnings.append(("kind", f"{exc.messages[0]}；已按标准号确定"))
            return None

    def clean_nature(self):
        try:
            return v.parse_nature(self.cleaned_data.get("nature", ""))
        except ValidationError as exc:
            self.warnings.append(("nature", f"{exc.messages[0]}；已按标准号确定"))
            return None

    def clean_status(self):
        return v.parse_status(self.cleaned_data.get("status", ""))

    def _clean_date(self, name):
        return v.parse_date(self.cleaned_data.get(name))

    def clean_issue_date(self):
        return self._clean_date("issue_date")

    def clean_implement_date(self):
        return self._clean_date("implement_date")

    def clean_abolish_date(self):
        return self._clean_date("abolish_date")

    def clean_review_confirmed_date(self):
        return self._clean_date("review_confirmed_date")

    def _clean_replacements(self, name):
        links = []
        for item in v.split_list(self.cleaned_data.get(name)):
            try:
                links.append(v.parse_replacement(item))
            except ValidationError as exc:
                # Replacement columns in the wild carry committee codes and ids; a bad entry is
                # reported and dropped rather than rejecting the whole standard.
                self.warnings.append((name, f"已忽略“{item}”：{exc.messages[0]}"))
        return links

    def clean_replaces(self):
        return self._clean_replacements("replaces")

    def clean_replaced_by(self):
        return self._clean_replacements("replaced_by")

    def clean_ics(self):
        codes = v.split_list(self.cleaned_data.get("ics", "").replace(" ", ";"))
        known = self._ics_known
        if known is None:
            known = set(IcsClass.objects.filter(code__in=codes).values_list("code", flat=True))
        unknown = [c for c in codes if c not in known]
        if unknown:
            self._set_aside(
                "ics", unknown, f"ICS 分类号不存在：{'、'.join(unknown)}，已忽略（原值已保留）"
            )
        return [c for c in codes if c in known]

    def clean_ccs(self):
        code = self.cleaned_data.get("ccs", "").strip().upper()
        if not code:
            return None
        known = self._ccs_known
        exists = code in known if known is not None else CcsClass.objects.filter(code=code).exists()
        if not exists:
            self._set_aside("ccs", code, f"CCS 分类号“{code}”不存在，已忽略（原值已保留）")
            return None
        return code

    def clean_raw_values(self):
        """Values set aside by an earlier import, as the export writes them (JSON), so that a
        record reads back from its own export unchanged."""
        text = self.cleaned_data.get("raw_values", "").strip()
        if not text:
            return {}
        try:
            values = json.loads(text)
        except ValueError:
            values = None
        if not isinstance(values, dict):
            self.warnings.append(("raw_values", "无法读取，已忽略"))
            return {}
        return values

    def clean_adoption_degree(self):
        return v.parse_adoption_degree(self.cleaned_data.get("adoption_degree", ""))

    def clean_drafters(self):
        return v.split_list(self.cleaned_data.get("drafters"))

    def clean(self):
        data = super().clean()
        code = data.get("code")
        if code is None:
            return data
        for field, message in v.check_kind_and_nature(
            code, data.get("kind"), data.get("nature")
        ).items():
            if field == "nature":
                # The code decides the nature (/T, /Z); a contradicting column is noted, not fatal.
                self.warnings.append((field, f"{message}，已按标准号确定"))
            else:
                self.add_error(field, message)
        self._check_dates(data)
        if "status" in data and not self.has_error("implement_date"):
            given = data.get("status")
            try:
                data["status"] = v.derive_status(
                    given=given,
                    implement_date=data.get("implement_date"),
                    abolish_date=data.get("abolish_date"),
                    issue_date=data.get("issue_date"),
                    today=self.today,
                )
            except ValidationError as exc:
                self.add_error("status", exc)
            else:
                self._note_status(given, data)
        lead = v.split_list(data.get("drafting_organizations"))
        others = v.split_list(data.get("participating_organizations"))
        limit = StandardDraftingOrganization._meta.get_field("name").max_length
        for unit_field, names in (
            ("drafting_organizations", lead),
            ("participating_organizations", others),
        ):
            for name in names:
                if len(name) > limit:
                    self.add_error(
                        unit_field, f"单位名称过长（超过 {limit} 个字符）：{name[:20]}……"
                    )
        units = [(name, "lead" if i == 0 else "participant") for i, name in enumerate(lead)]
        units += [(name, "participant") for name in others if name not in lead]
        data["drafting_units"] = units
        for link_field in ("replaces", "replaced_by"):
            links = data.get(link_field) or []
            if any(linked.key == code.key for linked, _partial in links):
                self.warnings.append((link_field, "已忽略：标准不能代替自身"))
                data[link_field] = [(c, p) for c, p in links if c.key != code.key]
        return data

    def _check_dates(self, data) -> None:
        """Dates that parse but cannot be right are set aside with a warning, not fatal: a
        placeholder abolish date (2000-01-01) before the implementation, a year out of range."""
        for name in ("issue_date", "implement_date", "abolish_date", "review_confirmed_date"):
            day = data.get(name)
            if day and day.year < v.MIN_DATE_YEAR:
                data[name] = None
                self._set_aside(
                    name,
                    day.isoformat(),
                    f"日期 {day.isoformat()} 不合理（早于 {v.MIN_DATE_YEAR} 年），已忽略（原值已保留）",
                )
        dates = (data.get("issue_date"), data.get("implement_date"), data.get("abolish_date"))
        for field, message in v.check_dates(*dates).items():
            if field == "abolish_date":
                day = data["abolish_date"]
                data["abolish_date"] = None
                self._set_aside(
                    field, day.isoformat(), f"{message}（{day.isoformat()}），已忽略（原值已保留）"
                )
            else:  # which of the two is wrong cannot be told: both kept, the bureau checks
                self.warnings.append((field, f"{message}，两个日期均已保留，请核对"))

    def _note_status(self, given, data) -> None:
        status = data["status"]
        if given is not None and status != given:
            self.warnings.append(
                (
                    "status",
                    f"状态“{Status(given).label}”与日期不符，已按日期定为“{Status(status).label}”",
                )
            )
        if status == Status.UPCOMING and not data.get("implement_date"):
            self.warnings.append(("status", "状态为即将实施，但没有实施日期，请补充"))

    def standard_values(self) -> dict:
        """Model field values of the cleaned row (without relations)."""
        d = self.cleaned_data
        code = d["code"]
        return {
            "code": code.format(),
            "code_key": code.key,
            "base_key": code.base_key,
            "prefix": code.prefix,
            "kind": Kind(code.kind.value),
            "nature": Nature(code.nature.value) if code.nature else "",
            "status": d["status"],
            "title": d["title"],
            "title_en": d.get("title_en", ""),
            "issue_date": d.get("issue_date"),
            "implement_date": d.get("implement_date"),
            "abolish_date": d.get("abolish_date"),
            "review_confirmed_date": d.get("review_confirmed_date"),
            "issuing_body": d.get("issuing_body", ""),
            "competent_department": d.get("competent_department", ""),
            "technical_committee": d.get("technical_committee", ""),
            "ccs_id": d.get("ccs"),
            "adopted_standard": d.get("adopted_standard", ""),
            "adoption_degree": d.get("adoption_degree", ""),
            "scope": d.get("scope", ""),
            "drafters": d.get("drafters", []),
            "plan_number": d.get("plan_number", ""),
            "source_id": d.get("source_id", ""),
            "raw_values": {**d.get("raw_values", {}), **self.raw_values},
        }


class StandardAdminForm(forms.ModelForm):
    """Manual entry in the admin: the code is parsed, kind and nature follow from it, and the
    status is kept consistent with the dates by the same rules as imports."""

    status = forms.ChoiceField(
        label="状态",
        choices=[("", "按日期自动判断"), *Status.choices],
        required=False,
        help_text="有实施日期或废止日期时，状态按日期自动确定",
    )

    class Meta:
        model = Standard
        fields = [
            "code",
            "title",
            "title_en",
            "status",
            "issue_date",
            "implement_date",
            "abolish_date",
            "review_confirmed_date",
            "issuing_body",
            "competent_department",
            "technical_committee",
            "ics",
            "ccs",
            "adopted_standard",
            "adoption_degree",
            "scope",
            "full_text",
            "drafters",
            "plan_number",
            "is_public",
        ]

    def clean_code(self):
        parsed = v.parse_standard_code(self.cleaned_data["code"])
        clash = Standard.objects.filter(code_key=parsed.key)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(f"标准号 {parsed.format()} 已存在")
        self.parsed_code = parsed
        return parsed.format()

    def clean(self):
        data = super().clean()
        dates = (data.get("issue_date"), data.get("implement_date"), data.get("abolish_date"))
        for field, message in v.check_dates(*dates).items():
            self.add_error(field, message)
        if data.get("code") and not self.errors:
            try:
                data["status"] = v.derive_status(
                    given=data.get("status") or None,
                    implement_date=data.get("implement_date"),
                    abolish_date=data.get("abolish_date"),
                    issue_date=data.get("issue_date"),
                    today=timezone.localdate(),
                )
            except ValidationError as exc:
                self.add_error("status", exc)
        return data


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="标准文件", help_text="CSV（UTF-8 或 GBK 编码）或 XLSX，第一行为表头，最大 20 MB"
    )

    def clean_file(self):
        from django.conf import settings

        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
            limit = settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)
            raise ValidationError(f"文件超过 {limit} MB，请拆分后分批导入")
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise ValidationError("只能上传 .csv 或 .xlsx 文件")
        return upload


class ReplacementInlineForm(forms.ModelForm):
    """A standard this one replaces, entered by its printed code in any spelling."""

    class Meta:
        model = StandardReplacement
        fields = ["old_code", "is_partial"]

    def clean_old_code(self):
        parsed = v.parse_standard_code(self.cleaned_data["old_code"])
        self.instance.old_key = parsed.key
        return parsed.format()

    def save(self, commit=True):
        link = super().save(commit=False)
        link.new_key, link.new_code = link.new.code_key, link.new.code
        if commit:
            link.save()
        return link


class ValidityForm(forms.Form):
    """Codes to check: pasted (one per line) or a CSV/XLSX file; optionally as of a date."""

    text = forms.CharField(
        label="标准号（每行一个）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": "GB/T 19001-2016\nDB37/T 2904"}),
        max_length=400_000,
    )
    file = forms.FileField(
        label="或上传文件",
        required=False,
        help_text="CSV、TXT 或 XLSX，每行第一列为标准号，最多 10000 行，最大 2 MB",
    )
    as_of = forms.DateField(
        label="确认日期（可选）",
        required=False,
        help_text="按该日的状态确认；不填为今天",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_file(self):
        from catalog.validity import MAX_UPLOAD_BYTES

        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError("文件超过 2 MB，请拆分后分批确认")
        return upload

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("file") and not (data.get("text") or "").strip():
            raise ValidationError("请粘贴标准号或上传文件")
        return data


class QualityFilterForm(forms.Form):
    problem = forms.ChoiceField(label="问题类型", required=False)

    def __init__(self, *args, **kwargs):
        from catalog.quality import PROBLEMS

        super().__init__(*args, **kwargs)
        self.fields["problem"].choices = [("", "全部问题"), *((p.key, p.label) for p in PROBLEMS)]


class StandardDataFixForm(forms.Form):
    """The dates of a record, corrected from the data-quality list; the status follows them."""

    issue_date = forms.DateField(
        label="发布日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    implement_date = forms.DateField(
        label="实施日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    abolish_date = forms.DateField(
        label="废止日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    status = forms.ChoiceField(
        label="状态",
        choices=[("", "按日期自动判断"), *Status.choices],
        required=False,
        help_text="有实施日期或废止日期时，状态按日期自动确定",
    )
    clear_raw = forms.BooleanField(label="已核对，清除导入时保留的原始值", required=False)

    def clean(self):
        data = super().clean()
        dates = (data.get("issue_date"), data.get("implement_date"), data.get("abolish_date"))
        for name, message in v.check_dates(*dates).items():
            self.add_error(name, message)
        return data
