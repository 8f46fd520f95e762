"""A plausible draft text of a local standard as DOCX (GB/T 1.1 headings), for the demo data and
the tests: 前言, 范围, 规范性引用文件, 术语和定义, 要求 with numbered clauses."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document


def paragraphs(title: str, *, stage: str = "征求意见稿") -> list[tuple[str, str]]:
    subject = title.removesuffix("规范").removesuffix("指南").removesuffix("规程")
    return [
        ("p", f"济宁市地方标准 DB3708/T《{title}》（{stage}）"),
        ("p", "演示数据：本文本由平台生成，仅用于演示。"),
        ("h", "前言"),
        (
            "p",
            "本文件按照 GB/T 1.1—2020《标准化工作导则 第1部分：标准化文件的结构和起草规则》的规定起草。",
        ),
        ("p", "本文件由济宁市市场监督管理局提出并归口。"),
        ("h", "1 范围"),
        ("p", f"本文件规定了{subject}的基本要求、管理要求和评价与改进。"),
        ("p", f"本文件适用于济宁市行政区域内的{subject}工作。"),
        ("h", "2 规范性引用文件"),
        ("p", "下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。"),
        ("h", "3 术语和定义"),
        ("p", "本文件没有需要界定的术语和定义。"),
        ("h", "4 基本要求"),
        ("h", "4.1 组织管理"),
        ("p", "4.1.1 应明确责任部门和岗位职责，建立工作制度。"),
        ("p", "4.1.2 应配备与工作量相适应的人员和设施设备。"),
        ("h", "4.2 人员要求"),
        ("p", "4.2.1 从业人员应经培训合格后上岗。"),
        ("h", "5 管理要求"),
        ("h", "5.1 过程管理"),
        ("p", "5.1.1 应建立台账，记录作业时间、内容和责任人。"),
        ("p", "5.1.2 应每月开展检查，发现问题及时整改。"),
        ("h", "6 评价与改进"),
        ("p", "6.1 应每年至少开展一次服务质量评价，评价结果向社会公开。"),
    ]


def docx_bytes(title: str, *, stage: str = "征求意见稿") -> bytes:
    document = Document()
    for kind, text in paragraphs(title, stage=stage):
        if kind == "h":
            level = 1 if "." not in text.split()[0] else 2
            document.add_heading(text, level=level)
        else:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_upload(title: str, *, stage: str = "征求意见稿") -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{title}（{stage}）.docx", docx_bytes(title, stage=stage))


PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str) -> SimpleUploadedFile:
    """A minimal PDF (an application form, minutes) for the demo and tests."""
    return SimpleUploadedFile(name, PDF)
