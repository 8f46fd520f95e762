"""Writes of the curated showcase items: the city bureau only, validated, audited.

Every write bumps the home-page block's cache version (`home_version`), so a published,
withdrawn or re-ordered item shows on the home page at once."""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from core import audit
from notices import editorial
from showcase.choices import Category, ItemState
from showcase.models import ShowcaseImage, ShowcaseItem

EDITABLE = (
    "category", "title", "summary", "body", "year", "county", "industry", "organization",
    "standard", "plan_item",
)  # fmt: skip
IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_TYPES = {"png", "jpeg"}
HOME_VERSION_KEY = "showcase:home:version"


def home_version() -> int:
    return cache.get_or_set(HOME_VERSION_KEY, 1, None)


def _changed() -> None:
    """The home page's featured block is stale once the transaction commits."""

    def bump():
        try:
            cache.incr(HOME_VERSION_KEY)
        except ValueError:
            cache.set(HOME_VERSION_KEY, 2, None)

    transaction.on_commit(bump)


def _require_bureau(actor) -> None:
    editorial.require_bureau(actor, "只有市市场监管局可以管理成果展示")


def _check_place(values: dict) -> dict[str, str]:
    """The year, county and 门类 of an item."""
    errors = {}
    year = values.get("year")
    this_year = timezone.localdate().year
    if not isinstance(year, int) or not 1990 <= year <= this_year + 1:
        errors["year"] = f"请填写 1990 至 {this_year + 1} 之间的年度"
    county = values.get("county")
    if county is not None and county.level != 3:
        errors["county"] = "请选择县(市、区)"
    industry = values.get("industry")
    if industry is not None and industry.level != 1:
        errors["industry"] = "请选择行业门类（国民经济行业分类的第一层）"
    return errors


def _clean(values: dict) -> dict:
    """Validated, normalized field values; every problem reported at once, by field."""
    return editorial.clean(
        values, categories=Category.values, category_error="请选择类别", check=_check_place
    )


def _snapshot(item: ShowcaseItem) -> dict:
    return audit.snapshot(item, EDITABLE)


@transaction.atomic
def item_create(
    *,
    category: str,
    title: str,
    year: int,
    summary: str = "",
    body: str = "",
    county=None,
    industry=None,
    organization=None,
    standard=None,
    plan_item=None,
    actor,
) -> ShowcaseItem:
    """A draft item, last in the bureau's order; `item_publish` shows it to the public."""
    _require_bureau(actor)
    values = _clean(
        {
            "category": category, "title": title, "year": year, "summary": summary, "body": body,
            "county": county, "industry": industry, "organization": organization,
            "standard": standard, "plan_item": plan_item,
        }
    )  # fmt: skip
    last = ShowcaseItem.objects.aggregate(m=Max("position"))["m"]
    item = ShowcaseItem.objects.create(
        author=actor, position=0 if last is None else last + 1, **values
    )
    audit.record(actor=actor, action="showcase.create", obj=item, after=_snapshot(item))
    return item


@transaction.atomic
def item_update(*, item: ShowcaseItem, actor, **changes) -> ShowcaseItem:
    """Change an item's fields (those in EDITABLE), in any state."""
    _require_bureau(actor)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    item = ShowcaseItem.objects.select_for_update().get(pk=item.pk)
    values = _clean({**{f: getattr(item, f) for f in EDITABLE}, **changes})
    if audit.save_changes(item, values, fields=EDITABLE, actor=actor, action="showcase.update"):
        _changed()
    return item


@transaction.atomic
def item_publish(*, item: ShowcaseItem, actor) -> ShowcaseItem:
    """Show a draft or withdrawn item to the public. Every image needs its text alternative
    (the form requires it; checked again here for items written otherwise)."""
    _require_bureau(actor)
    item = ShowcaseItem.objects.select_for_update().get(pk=item.pk)
    if item.state == ItemState.PUBLISHED:
        raise ValidationError("该条目已发布")
    if item.images.filter(alt="").exists():
        raise ValidationError("有图片缺少图片说明，请补充后再发布")
    item.state = ItemState.PUBLISHED
    item.published_at = item.published_at or timezone.now()
    item.save(update_fields=["state", "published_at", "updated_at"])
    audit.record(actor=actor, action="showcase.publish", obj=item)
    _changed()
    return item


@transaction.atomic
def item_unpublish(*, item: ShowcaseItem, reason: str = "", actor) -> ShowcaseItem:
    """Withdraw a published item: the public no longer sees it (nor its images)."""
    _require_bureau(actor)
    item = ShowcaseItem.objects.select_for_update().get(pk=item.pk)
    if item.state != ItemState.PUBLISHED:
        raise ValidationError("只有已发布的条目可以撤下")
    item.state = ItemState.UNPUBLISHED
    item.save(update_fields=["state", "updated_at"])
    audit.record(
        actor=actor,
        action="showcase.unpublish",
        obj=item,
        extra={"reason": (reason or "").strip()[:300]},
    )
    _changed()
    return item


@transaction.atomic
def item_feature(*, item: ShowcaseItem, featured: bool, actor) -> ShowcaseItem:
    """Put an item on the home page (首页推荐) or take it off."""
    _require_bureau(actor)
    item = ShowcaseItem.objects.select_for_update().get(pk=item.pk)
    if item.featured == bool(featured):
        raise ValidationError("该条目已在首页推荐" if featured else "该条目未在首页推荐")
    item.featured = bool(featured)
    item.save(update_fields=["featured", "updated_at"])
    audit.record(actor=actor, action="showcase.feature", obj=item, extra={"featured": featured})
    _changed()
    return item


@transaction.atomic
def item_move(*, item: ShowcaseItem, direction: str, actor) -> ShowcaseItem:
    """Swap an item with its neighbour in the bureau's order ("up" or "down")."""
    _require_bureau(actor)
    if direction not in {"up", "down"}:
        raise ValidationError("未知的移动方向")
    ordered = list(
        ShowcaseItem.objects.select_for_update().order_by("position", "-published_at", "-id")
    )
    # Renumber first: positions written by hand or by older code may tie.
    for index, other in enumerate(ordered):
        other.position = index
    index = next(i for i, other in enumerate(ordered) if other.pk == item.pk)
    neighbour = index - 1 if direction == "up" else index + 1
    if not 0 <= neighbour < len(ordered):
        raise ValidationError("已经在最前面" if direction == "up" else "已经在最后面")
    ordered[index], ordered[neighbour] = ordered[neighbour], ordered[index]
    for position, other in enumerate(ordered):
        other.position = position
    ShowcaseItem.objects.bulk_update(ordered, ["position"])
    moved = ordered[neighbour]
    audit.record(
        actor=actor,
        action="showcase.move",
        obj=moved,
        extra={"direction": direction, "position": moved.position},
    )
    _changed()
    return moved


@transaction.atomic
def image_add(*, item: ShowcaseItem, upload, alt: str, actor) -> ShowcaseImage:
    """Attach a PNG or JPEG image (content-checked by `documents`) with its text alternative."""
    from documents.services import check_upload, document_attach

    _require_bureau(actor)
    alt = (alt or "").strip()
    if not alt:
        raise ValidationError({"alt": "请填写图片说明（供读屏软件朗读）"})
    if len(alt) > 120:
        raise ValidationError({"alt": "图片说明不能超过 120 字"})
    name = (getattr(upload, "name", "") or "image").rsplit("/", 1)[-1]
    size = getattr(upload, "size", 0) or 0
    if size > IMAGE_MAX_BYTES:
        raise ValidationError(
            {"file": f"图片“{name}”大小为 {filesizeformat(size)}，超过 5 MB 的上限"}
        )
    head = upload.read()
    upload.seek(0)
    try:
        file_type = check_upload(name=name, data=head)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    if file_type not in IMAGE_TYPES:
        raise ValidationError({"file": f"文件“{name}”不是图片，请上传 PNG 或 JPG 图片"})
    item = ShowcaseItem.objects.select_for_update().get(pk=item.pk)
    document = document_attach(obj=item, upload=upload, kind="other", actor=actor)
    last = item.images.aggregate(m=Max("position"))["m"]
    image = ShowcaseImage.objects.create(
        item=item, document=document, alt=alt, position=0 if last is None else last + 1
    )
    audit.record(
        actor=actor,
        action="showcase.image_add",
        obj=item,
        extra={"image": image.pk, "document": document.pk, "alt": alt},
    )
    _changed()
    return image


@transaction.atomic
def image_remove(*, image: ShowcaseImage, actor) -> None:
    """Take an image off its item (the stored document stays, as every uploaded file)."""
    _require_bureau(actor)
    image = ShowcaseImage.objects.select_for_update().select_related("item").get(pk=image.pk)
    item = image.item
    extra = {"image": image.pk, "document": image.document_id, "alt": image.alt}
    image.delete()
    audit.record(actor=actor, action="showcase.image_remove", obj=item, extra=extra)
    _changed()
