"""Items on the wire between workers and the writer: a version tag and a pickle.

`Thread`, `PageError` and `SeenUnchanged` are dataclasses holding dataclasses and raw page
bytes; pickle keeps them exactly. Reading is restricted to the record classes (`db.records`,
and `crawler.items`, which entries written before the records moved name, and the builtins
pickle uses for them), so a stray entry in the stream cannot run code, and an
entry of another format version is refused with a clear error rather than misread.
"""

from __future__ import annotations

import io
import pickle

from crawler import items

VERSION = b"1"
KINDS = {cls.__name__: cls for cls in
         (items.Thread, items.PageError, items.SeenUnchanged)}
_ALLOWED = {(module, name) for module in ("db.records", "crawler.items") for name in
            ("Thread", "PageError", "SeenUnchanged", "Post", "Comment", "RawPage")}


class FormatError(ValueError):
    """An entry that is not an item this version of blogarchive wrote."""


def dump_item(item) -> dict[bytes, bytes]:
    """A stream entry's fields for one item."""
    kind = type(item).__name__
    if kind not in KINDS:
        raise TypeError(f"not an archive item: {kind}")
    return {b"v": VERSION, b"kind": kind.encode(),
            b"item": pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)}


def load_item(fields: dict):
    """The item a stream entry holds."""
    version = fields.get(b"v")
    if version != VERSION:
        raise FormatError(f"item format version {version!r}, expected {VERSION!r}")
    item = _Unpickler(io.BytesIO(fields[b"item"])).load()
    kind = (fields.get(b"kind") or b"").decode()
    if KINDS.get(kind) is not type(item):
        raise FormatError(f"entry says {kind!r} but holds {type(item).__name__}")
    return item


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise FormatError(f"refusing to load {module}.{name} from the item stream")
