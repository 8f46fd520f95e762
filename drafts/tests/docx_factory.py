"""DOCX drafts generated with python-docx for the tests (shared with the consultation tests)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

DRAFT = [
    ("h", "1 范围"),
    ("p", "本文件规定了城市公共厕所保洁服务的基本要求。"),
    ("h", "4 要求"),
    ("h", "4.1 一般要求"),
    ("p", "4.1.1 保洁人员应经培训合格。"),
    ("h", "4.2 作业要求"),
    ("p", "4.2.1 每日保洁不少于 3 次。"),
    ("p", "2026 年起执行的条款不算编号。"),
    ("h", "附录 A （规范性） 检查方法"),
    ("p", "A.1 目测检查地面。"),
]


def docx_bytes(paragraphs=DRAFT) -> bytes:
    document = Document()
    for kind, text in paragraphs:
        if kind == "h":
            document.add_heading(text, level=1 if "." not in text.split()[0] else 2)
        else:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_upload(paragraphs=DRAFT, name="征求意见稿.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, docx_bytes(paragraphs))
