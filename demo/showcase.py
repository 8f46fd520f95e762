"""The showcase's demo: a few 标准化品牌 and a typical case the bureau presents, with images drawn
here in code (small PNG emblems: no image library, no file to ship), three featured on the home
page and one left as a draft. The derived kinds (DB3708/T standards, named pilots, forerunners,
awards, upgrades) come from the other demos. Skipped when there are items already."""

from __future__ import annotations

import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from accounts.models import User
from reference.models import IndustryClass, Region
from showcase.models import ShowcaseItem
from showcase.services import image_add, item_create, item_feature, item_publish

# (category, title, summary, body, year, county code, 门类, featured, published, images:
#  [(alt, background rgb, stripe rgb)])
ITEMS = [
    ("brand", "“微山湖”水产品区域公用品牌",
     "以 12 项地方标准和团体标准贯穿养殖、捕捞、加工和冷链，打造“微山湖”区域公用品牌。",
     "<p>微山县围绕大闸蟹、乌鳢、麻鸭蛋等特色水产品，构建覆盖产地环境、生产技术、产品质量、"
     "包装标识和冷链物流的标准体系。</p><ul><li>制修订地方标准 5 项、团体标准 7 项</li>"
     "<li>建成标准化养殖基地 18 处</li></ul>",
     2025, "370826", "A", True, True,
     [("“微山湖”品牌标识：蓝色湖面上的白色帆船图案", (22, 92, 160), (235, 242, 250)),
      ("标准化养殖基地的蟹塘（示意图）", (40, 120, 90), (200, 230, 210))]),
    ("brand", "“孔子故里”文旅服务标准化品牌",
     "以服务标准统一景区讲解、接待和住宿服务，游客满意度连续三年提升。",
     "<p>曲阜市以《文化旅游景区讲解服务规范》等标准为核心，统一景区、酒店、研学基地的服务流程和质量要求。</p>",
     2024, "370881", "R", True, True,
     [("“孔子故里”文旅品牌标识：红底金色书卷图案", (150, 30, 35), (240, 200, 90))]),
    ("case", "嘉祥石雕标准体系建设典型案例",
     "石雕产品、工艺和检验标准成体系，带动产业集群统一质量门槛。",
     "<p>嘉祥县组织石雕企业和行业协会制定产品分级、工艺规范和检验方法标准，形成产业集群标准体系。</p>",
     2025, "370829", "C", True, True,
     [("嘉祥石雕作品（示意图）：灰色石材上的浮雕纹样", (110, 110, 110), (210, 210, 200))]),
    ("brand", "“金乡大蒜”品牌标准化提升（草稿）", "待补充材料。", "<p>待补充。</p>",
     2025, "370828", "A", False, False, []),
]  # fmt: skip


def emblem_png(background: tuple[int, int, int], stripe: tuple[int, int, int]) -> bytes:
    """A 160×90 PNG: a coloured field with a band and a square, enough to show an image."""
    width, height = 160, 90
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")  # filter: none
        for x in range(width):
            in_band = 55 <= y < 65
            in_square = 20 <= x < 50 and 15 <= y < 45
            row += bytes(stripe if in_band or in_square else background)
        rows.append(bytes(row))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


def load_showcase() -> None:
    if ShowcaseItem.objects.exists():
        return
    city = User.objects.get(username="city")
    with transaction.atomic():
        for index, (
            category, title, summary, body, year, county, industry, featured, published, images,
        ) in enumerate(ITEMS):  # fmt: skip
            item = item_create(
                category=category,
                title=title,
                summary=summary,
                body=body,
                year=year,
                county=Region.objects.filter(code=county).first(),
                industry=IndustryClass.objects.filter(code=industry).first(),
                actor=city,
            )
            for n, (alt, background, stripe) in enumerate(images):
                upload = SimpleUploadedFile(
                    f"showcase-{index}-{n}.png", emblem_png(background, stripe), "image/png"
                )
                image_add(item=item, upload=upload, alt=alt, actor=city)
            if published:
                item_publish(item=item, actor=city)
            if featured:
                item_feature(item=item, featured=True, actor=city)
