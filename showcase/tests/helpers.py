"""Builders for showcase tests: sources in their final states, images as bytes."""

import datetime as dt
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from programs.models import Forerunner, PilotProject


def png_bytes(width: int = 2, height: int = 2, rgb=(30, 90, 160)) -> bytes:
    """A valid PNG of one colour, written by hand (no image library)."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    row = b"\x00" + bytes(rgb) * width
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def png_upload(name: str = "brand.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def make_pilot(
    organization,
    *,
    state="passed",
    title="济宁甲机械智能制造标准化试点",
    county=None,
    named_on=None,
):
    return PilotProject.objects.create(
        title=title,
        level="municipal",
        domain="industry",
        organization=organization,
        county=county if county is not None else organization.region,
        objectives="建立覆盖设计、生产、检验的企业标准体系",
        achievements="形成企业标准 36 项，产品一次合格率提高到 99.2%",
        period_start=dt.date(2023, 1, 1),
        period_end=dt.date(2024, 12, 31),
        named_on=(named_on or dt.date(2025, 3, 1)) if state == "passed" else None,
        state=state,
    )


def make_forerunner(organization, year=2025):
    return Forerunner.objects.create(
        year=year,
        field="数控机床",
        organization=organization,
        enterprise_name=organization.name,
        standard_code="Q/JNJX 001-2024",
        assessment_body="山东省标准化研究院",
    )
