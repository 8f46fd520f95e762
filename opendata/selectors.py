"""Reads of the open data: the latest complete set (manifest, dictionary, files), from disk.
Everything here is public; nothing reads the database, so the pages cost the same whatever the
size of the catalog."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from opendata import dictionary, store


@dataclass(frozen=True)
class OpenDataSet:
    """A published set: its folder and its manifest (read once per request)."""

    folder: Path
    manifest: dict

    def entry(self, name: str) -> dict | None:
        """The manifest's entry for a file name; only names in the manifest are ever served."""
        for entry in self.manifest.get("files", []):
            if entry.get("name") == name:
                return entry
        return None

    def path(self, name: str) -> Path | None:
        """The file's path in the set, for a name the manifest lists (no other path reaches
        the disk: a name with a separator or a dot-dot is in no manifest)."""
        if self.entry(name) is None or "/" in name or "\\" in name or name.startswith("."):
            return None
        path = self.folder / name
        return path if path.parent == self.folder and path.is_file() else None

    def dictionary(self) -> dict:
        with open(self.folder / store.DICTIONARY, encoding="utf-8") as handle:
            return json.load(handle)


def latest_set() -> OpenDataSet | None:
    folder = store.current_dir()
    if folder is None:
        return None
    try:
        with open(folder / store.MANIFEST, encoding="utf-8") as handle:
            return OpenDataSet(folder=folder, manifest=json.load(handle))
    except (OSError, ValueError):
        return None


def data_dictionary(data_set: OpenDataSet | None) -> dict:
    """The published set's dictionary (with examples), or the one the next export will write."""
    if data_set is not None:
        try:
            return data_set.dictionary()
        except (OSError, ValueError):
            pass
    return dictionary.build()
