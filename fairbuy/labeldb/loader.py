"""Load and validate the label database (``label_db/``).

Every problem in a data file raises :class:`fairbuy.errors.DataError` naming the file, the entry
(label or group id), the field and, where the YAML node can be found, the line.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from fairbuy.errors import DataError
from fairbuy.labeldb.db import LabelDB
from fairbuy.labeldb.schema import DBMeta, Label, ProductGroup

try:  # the C loader is much faster where available
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


def _check_duplicate_keys(path: Path, node: Any) -> None:
    """A key twice in one mapping is invalid YAML (the C loader keeps the last one silently)."""
    stack = [node]
    seen_nodes: set[int] = set()
    while stack:
        n = stack.pop()
        if n is None or id(n) in seen_nodes:
            continue
        seen_nodes.add(id(n))
        if isinstance(n, yaml.MappingNode):
            keys: set[str] = set()
            for k, v in n.value:
                if isinstance(k, yaml.ScalarNode):
                    if k.value in keys:
                        raise DataError(str(path), f"duplicate key {k.value!r}", field=k.value,
                                        line=k.start_mark.line + 1)
                    keys.add(k.value)
                stack.append(v)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)


class _YamlFile:
    """A parsed YAML file: its data and its node tree (for line numbers)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.node: Any = None
        self.data: Any = None
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise DataError(str(path), f"not UTF-8 text: {exc}") from exc
        except OSError as exc:
            raise DataError(str(path), f"cannot read file: {exc}") from exc
        try:
            loader = _Loader(text)
            try:  # parse once: keep the node tree (line numbers) and construct the data from it
                self.node = loader.get_single_node()
                self.data = loader.construct_document(self.node) if self.node is not None else None
            finally:
                loader.dispose()
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            if isinstance(exc, yaml.reader.ReaderError):  # a forbidden character (NUL, ...)
                line = text.count("\n", 0, exc.position) + 1
            problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or str(exc)
            problem = " ".join(str(problem).split())
            raise DataError(str(path), f"invalid YAML: {problem}", line=line) from exc
        _check_duplicate_keys(path, self.node)

    def line_of(self, loc: Sequence[int | str], base: Any = None) -> int | None:
        """1-based line of the node at ``loc`` (path of keys / indexes), or of the nearest parent."""
        node = base if base is not None else self.node
        if node is None:
            return None
        best: int = node.start_mark.line + 1
        for key in loc:
            nxt = None
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == str(key):
                        best = k.start_mark.line + 1
                        nxt = v
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
                nxt = node.value[key]
                best = nxt.start_mark.line + 1
            if nxt is None:
                break
            node = nxt
        return best


def _field(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def _validate(model: type[BaseModel], data: Any, yf: _YamlFile, entry: str | None,
              base_loc: Sequence[int | str] = ()) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [p for p in err["loc"] if isinstance(p, (int, str))]
        msg = err["msg"]
        if err["type"] == "missing":
            msg = "required field is missing"
        elif err["type"] == "extra_forbidden":
            msg = "unknown field (not in the schema)"
        more = f" (and {exc.error_count() - 1} more problem(s))" if exc.error_count() > 1 else ""
        raise DataError(str(yf.path), msg + more, entry=entry, field=_field(loc) or None,
                        line=yf.line_of([*base_loc, *loc])) from None


def _load_labels(root: Path) -> tuple[dict[str, Label], dict[str, _YamlFile]]:
    folder = root / "labels"
    if not folder.is_dir():
        raise DataError(str(folder), "label folder missing")
    labels: dict[str, Label] = {}
    files: dict[str, _YamlFile] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.suffix == ".yaml" or path.name.lower().startswith("readme"):
            continue
        raise DataError(str(path), "unexpected file in the label folder (one label per '<id>.yaml' file)")
    for path in sorted(folder.glob("*.yaml")):
        yf = _YamlFile(path)
        if not isinstance(yf.data, dict):
            raise DataError(str(path), "expected a mapping (one label per file)", line=1)
        raw_id = yf.data.get("id")
        entry = str(raw_id) if raw_id is not None else path.stem
        label = _validate(Label, yf.data, yf, entry)
        if label.id != path.stem:
            raise DataError(str(path), f"id {label.id!r} does not match the file name {path.name!r}",
                            entry=label.id, field="id", line=yf.line_of(["id"]))
        if label.id in labels:  # pragma: no cover - file names are unique
            raise DataError(str(path), f"duplicate label id {label.id!r}", entry=label.id, field="id",
                            line=yf.line_of(["id"]))
        labels[label.id] = label
        files[label.id] = yf
    if not labels:
        raise DataError(str(folder), "no label files (*.yaml) found")
    return labels, files


def _load_groups(root: Path) -> tuple[dict[str, ProductGroup], _YamlFile]:
    path = root / "groups.yaml"
    yf = _YamlFile(path) if path.is_file() else None
    if yf is None:
        raise DataError(str(path), "product group file missing")
    if not isinstance(yf.data, dict) or not isinstance(yf.data.get("groups"), list):
        raise DataError(str(path), "expected a mapping with a list 'groups'", line=1)
    groups: dict[str, ProductGroup] = {}
    for i, raw in enumerate(yf.data["groups"]):
        entry = str(raw.get("id")) if isinstance(raw, dict) and raw.get("id") else f"groups[{i}]"
        g = _validate(ProductGroup, raw, yf, entry, base_loc=["groups", i])
        if g.id in groups:
            raise DataError(str(path), f"duplicate product group id {g.id!r}", entry=g.id, field="id",
                            line=yf.line_of(["groups", i, "id"]))
        groups[g.id] = g
    return groups, yf


def _group_index(yf: _YamlFile, gid: str) -> int:
    for i, raw in enumerate(yf.data["groups"]):
        if isinstance(raw, dict) and raw.get("id") == gid:
            return i
    return 0  # pragma: no cover


def _cross_check(labels: dict[str, Label], files: dict[str, _YamlFile], groups: dict[str, ProductGroup],
                 gfile: _YamlFile, meta: DBMeta, mfile: _YamlFile) -> None:
    # groups: parents exist, no cycles
    for gid, g in groups.items():
        gi = _group_index(gfile, gid)
        if g.parent is not None and g.parent not in groups:
            raise DataError(str(gfile.path), f"unknown parent group {g.parent!r}", entry=gid, field="parent",
                            line=gfile.line_of(["groups", gi, "parent"]))
        seen = {gid}
        p = g.parent
        while p is not None:
            if p in seen:
                raise DataError(str(gfile.path), "parent chain forms a cycle", entry=gid, field="parent",
                                line=gfile.line_of(["groups", gi, "parent"]))
            seen.add(p)
            p = groups[p].parent
    # labels: groups, parent, successor exist; aliases unique across labels
    owner: dict[str, tuple[str, str]] = {}
    for lid, lab in labels.items():
        yf = files[lid]
        for i, gid in enumerate(lab.product_groups):
            if gid not in groups:
                raise DataError(str(yf.path), f"unknown product group {gid!r}", entry=lid,
                                field=f"product_groups[{i}]", line=yf.line_of(["product_groups", i]))
        if len(set(lab.product_groups)) != len(lab.product_groups):
            raise DataError(str(yf.path), "product group listed twice", entry=lid, field="product_groups",
                            line=yf.line_of(["product_groups"]))
        for fld in ("parent", "successor"):
            ref = getattr(lab, fld)
            if ref is not None and (ref not in labels or ref == lid):
                raise DataError(str(yf.path), f"unknown or self-referencing label id {ref!r}", entry=lid,
                                field=fld, line=yf.line_of([fld]))
        for i, rating in enumerate(lab.ratings):
            if rating.source is not None and not rating.source.startswith(("http://", "https://")):
                raise DataError(str(yf.path), f"rating source is not a URL: {rating.source!r}", entry=lid,
                                field=f"ratings[{i}].source", line=yf.line_of(["ratings", i, "source"]))
        names: list[tuple[str, list[int | str]]] = [(lab.name, ["name"])]
        names += [(a, ["aliases", i]) for i, a in enumerate(lab.aliases)]
        for text, loc in names:
            key = text.casefold()
            prev = owner.get(key)
            if prev is not None and prev[0] != lid:
                raise DataError(str(yf.path), f"alias {text!r} is already claimed by label {prev[0]!r} "
                                f"({prev[1]})", entry=lid, field=_field(loc), line=yf.line_of(loc))
            owner.setdefault(key, (lid, _field(loc)))
    for merged, target in meta.merged_ids.items():
        if target not in labels:
            raise DataError(str(mfile.path), f"merged id {merged!r} points to unknown label {target!r}",
                            field=f"merged_ids.{merged}", line=mfile.line_of(["merged_ids", merged]))
        if merged in labels:
            raise DataError(str(mfile.path), f"merged id {merged!r} is also a label of its own",
                            field=f"merged_ids.{merged}", line=mfile.line_of(["merged_ids", merged]))


def _load(root: Path) -> LabelDB:
    root = Path(root)
    if not root.is_dir():
        raise DataError(str(root), "label database folder not found")
    mpath = root / "meta.yaml"
    if not mpath.is_file():
        raise DataError(str(mpath), "meta.yaml (database version) missing")
    mfile = _YamlFile(mpath)
    meta = _validate(DBMeta, mfile.data, mfile, None)
    labels, files = _load_labels(root)
    groups, gfile = _load_groups(root)
    _cross_check(labels, files, groups, gfile, meta, mfile)
    return LabelDB(meta=meta, labels=labels, groups=groups, root=root)


@functools.lru_cache(maxsize=1)
def _load_default() -> LabelDB:
    from fairbuy.paths import label_db_dir

    return _load(label_db_dir())


def load_label_db(path: Path | str | None = None) -> LabelDB:
    """Load and validate the label database; ``None`` loads the packaged one (cached)."""
    if path is None:
        return _load_default()
    return _load(Path(path))


def validate_files(paths: Iterable[Path]) -> None:  # pragma: no cover - convenience for tools
    for p in paths:
        _YamlFile(p)
