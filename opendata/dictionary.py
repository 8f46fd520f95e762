"""The data dictionary (数据字典): every dataset's columns with their type, meaning in Chinese,
allowed values and an example, built from the column declarations in `datasets.py` (which take
them from the models and the API serializers), so it says what the files hold."""

from __future__ import annotations

from opendata.datasets import TYPE_NOTES, Dataset, Examples, datasets

NOTES = [
    "CSV 文件（.csv.gz）为 UTF-8 编码，带 BOM，Excel 可直接打开；第一行为字段名。以 = + - @ 开头的文本"
    "前加了一个英文单引号，防止电子表格把它当作公式执行，需要原值请使用 .jsonl.gz 文件。",
    ".jsonl.gz 文件每行一个 JSON 对象，键为字段名；空日期为 JSON 空值，空文本为空字符串。",
    "Excel 文件（.xlsx）第一行为字段的中文名称；超过 1,048,575 行时续写在下一个工作表。",
    ".csv.gz 和 .jsonl.gz 文件为压缩文件，解压后使用；每个文件的 SHA-256 校验值见 manifest.json。",
]


def field_entry(column, example=None) -> dict:
    return {
        "name": column.name,
        "label": column.label,
        "type": column.type,
        "type_note": TYPE_NOTES[column.type],
        "description": column.description,
        "choices": [{"value": v, "label": label} for v, label in column.choices],
        "example": example,
    }


def dataset_entry(dataset: Dataset, examples: Examples | None = None, files=()) -> dict:
    dataset.check()
    seen = examples.values if examples else {}
    return {
        "key": dataset.key,
        "title": dataset.title,
        "description": dataset.description,
        "files": list(files),
        "fields": [field_entry(c, seen.get(c.name)) for c in dataset.columns],
    }


def build(examples: dict[str, Examples] | None = None, files: dict | None = None) -> dict:
    """The dictionary of every dataset; examples and file names come with an export."""
    examples, files = examples or {}, files or {}
    return {
        "notes": NOTES,
        "datasets": [
            dataset_entry(d, examples.get(d.key), files.get(d.key, ())) for d in datasets()
        ],
    }
