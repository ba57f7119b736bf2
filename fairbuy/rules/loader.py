"""Load and validate rule set files; errors name file, line and field."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ValidationError

from fairbuy.errors import DataError, UsageError
from fairbuy.models import CountryListRef, RuleSetRef
from fairbuy.paths import rules_dir
from fairbuy.rules.schema import CountryList, CountrySet, RuleSet, Selector, by_period

_MAX_BYTES = 2_000_000


class _Loader(yaml.SafeLoader):
    """Safe YAML loader that keeps dates as dates and rejects duplicate keys."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

# YAML 1.2 booleans only: "NO" is Norway, "ON"/"YES" stay text (YAML 1.1 would read them as booleans).
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _read_yaml(path: Path) -> tuple[Any, yaml.Node | None, str]:
    """The file's data, its node tree (for line numbers) and the SHA-256 of its bytes."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise DataError(name, "file not found") from exc
    except OSError as exc:
        raise DataError(name, f"cannot read file: {exc.strerror or exc}") from exc
    if len(raw) > _MAX_BYTES:
        raise DataError(name, f"file too large for a rule set ({len(raw)} bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(name, f"not UTF-8 text (byte {exc.start})") from exc
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise DataError(name, f"YAML syntax error: {exc.problem or exc}", line=line) from exc
    except yaml.reader.ReaderError as exc:  # a forbidden character (NUL, ...)
        line = text.count("\n", 0, exc.position) + 1
        raise DataError(name, f"YAML error: {' '.join(str(exc.reason).split())}", line=line) from exc
    except yaml.YAMLError as exc:
        raise DataError(name, f"YAML error: {' '.join(str(exc).split())}") from exc
    return data, node, hashlib.sha256(raw).hexdigest()


def _line_of(node: yaml.Node | None, loc: Sequence[int | str]) -> int | None:
    """The 1-based line of the deepest node along ``loc`` that exists in the YAML tree."""
    line = node.start_mark.line + 1 if node is not None else None
    current = node
    for part in loc:
        if isinstance(current, yaml.MappingNode):
            nxt = None
            for key_node, value_node in current.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                    nxt = value_node
                    line = key_node.start_mark.line + 1
                    break
            if nxt is None:
                break
            current = nxt
        elif isinstance(current, yaml.SequenceNode) and isinstance(part, int):
            if 0 <= part < len(current.value):
                current = current.value[part]
                line = current.start_mark.line + 1
            else:
                break
        else:
            break
    return line


def _child(current: Any, part: int | str) -> tuple[bool, Any]:
    if isinstance(current, dict):
        return (part in current, current.get(part))
    if isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
        return (True, current[part])
    return (False, None)


def _entry_of(data: Any, loc: Sequence[int | str]) -> str | None:
    """A readable name of the entry an error is in: the nearest ``id`` along ``loc``."""
    entry = None
    current = data
    for part in loc:
        found, current = _child(current, part)
        if not found:
            break
        if isinstance(current, dict) and isinstance(current.get("id"), str):
            entry = current["id"]
    return entry


def _validation_error(path: Path, exc: ValidationError, data: Any, node: yaml.Node | None) -> DataError:
    err = exc.errors(include_url=False)[0]
    loc = [p for p in err["loc"] if isinstance(p, int | str)]
    # pydantic appends union/validator names to loc; keep the path that exists in the data
    field = ".".join(str(p) for p in loc) or None
    msg = err["msg"]
    more = len(exc.errors()) - 1
    if more > 0:
        msg += f" (and {more} more error{'s' if more > 1 else ''})"
    return DataError(str(path), msg, entry=_entry_of(data, loc), field=field, line=_line_of(node, loc))


def _validate(model: type[BaseModel], path: Path, data: Any, node: yaml.Node | None) -> Any:
    if not isinstance(data, dict):
        raise DataError(str(path), "a rule file must be a YAML mapping (key: value) at the top", line=1)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _validation_error(path, exc, data, node) from exc


# -- country lists -----------------------------------------------------------------------------

def _lists_dir() -> Path:
    return rules_dir() / "lists"


def load_country_list(path: str | os.PathLike[str]) -> CountryList:
    """Load one country list file (``rules/lists/<id>.yaml``)."""
    p = Path(path)
    data, node, sha = _read_yaml(p)
    clist: CountryList = _validate(CountryList, p, data, node)
    if clist.id != p.stem:
        raise DataError(str(p), f"id {clist.id!r} must equal the file name {p.stem!r}",
                        field="id", line=_line_of(node, ["id"]))
    clist._source, clist._path, clist._sha256 = "file", os.fspath(path), sha
    return clist


def _shown_path(path: Path) -> str:
    """A shipped file relative to fairbuy's data folder (``rules/lists/x.yaml``, the same on
    every machine), any other file as given."""
    base = rules_dir()
    try:
        return (Path(base.name) / path.resolve().relative_to(base.resolve())).as_posix()
    except ValueError:
        return os.fspath(path)


@lru_cache(maxsize=4)
def _shipped_lists(folder: str) -> dict[str, CountryList]:
    out: dict[str, CountryList] = {}
    d = Path(folder)
    if d.is_dir():
        for f in sorted(d.glob("*.yaml")):
            cl = load_country_list(f)
            cl._source, cl._path = "shipped", _shown_path(f)
            out[cl.id] = cl
    return out


def shipped_country_lists() -> dict[str, CountryList]:
    """The named country lists shipped in ``rules/lists/``."""
    return dict(_shipped_lists(str(_lists_dir())))


def _country_sets(rs: RuleSet) -> Iterable[tuple[list[str | int], CountrySet]]:
    for i, rule in enumerate(rs.rules):
        scope = rule.applies_to
        if scope.origin_in is not None:
            yield ["rules", i, "applies_to", "origin_in", "lists"], scope.origin_in
        if scope.origin_not_in is not None:
            yield ["rules", i, "applies_to", "origin_not_in", "lists"], scope.origin_not_in
        for j, step in enumerate(rule.satisfied_by):
            if step.risk is not None:
                yield ["rules", i, "satisfied_by", j, "risk", "lists"], step.risk


def _resolve(rs: RuleSet, path: Path, node: yaml.Node | None,
             extra: dict[str, tuple[CountryList, ...]]) -> None:
    # the list files the user gave (one per period) replace a shipped list and one defined in the rule set
    available: dict[str, tuple[CountryList, ...]] = {
        **{k: (c,) for k, c in shipped_country_lists().items()}, **{c.id: (c,) for c in rs.lists}, **extra}
    resolved: dict[str, tuple[CountryList, ...]] = {}
    for loc, cset in _country_sets(rs):
        for k, name in enumerate(cset.lists):
            if name not in available:
                known = ", ".join(sorted(available)) or "none"
                raise DataError(str(path), f"unknown country list {name!r} (known: {known})",
                                entry=_entry_of(rs.model_dump(), loc), field=".".join(map(str, loc)),
                                line=_line_of(node, [*loc, k]))
            resolved[name] = available[name]
    rule_ids = {r.id for r in rs.rules}
    checks: list[tuple[str, int, str, list[tuple[list[str | int], Selector | None]]]] = []
    for i, lr in enumerate(rs.list_rules):
        sels: list[tuple[list[str | int], Selector | None]] = [(["scope"], lr.scope)]
        sels += [(["conditions", j, "select"], c.select) for j, c in enumerate(lr.conditions)]
        checks.append(("list_rules", i, lr.id, sels))
    for i, ind in enumerate(rs.indicators):
        checks.append(("indicators", i, ind.id, [(["select"], ind.select), (["of"], ind.of)]))
    for kind, i, entry, sels in checks:
        for sub, sel in sels:
            if sel is not None and sel.rule is not None and "/" not in sel.rule and sel.rule not in rule_ids:
                where: list[str | int] = [kind, i, *sub, "rule"]
                raise DataError(str(path), f"unknown rule {sel.rule!r} in this rule set",
                                entry=entry, field=".".join(map(str, where)), line=_line_of(node, where))
    rs._resolved_lists = resolved


# -- rule sets ---------------------------------------------------------------------------------

def load_ruleset_file(path: str | os.PathLike[str], *,
                      extra_lists: dict[str, CountryList | Sequence[CountryList]] | None = None) -> RuleSet:
    """Load and validate one rule set file. Raises :class:`DataError` naming file, line and field.

    ``extra_lists`` replace the lists of the same id (shipped or defined in the file); a list given
    as several versions must have periods that do not overlap (see :func:`load_rulesets`)."""
    p = Path(path)
    data, node, sha = _read_yaml(p)
    rs: RuleSet = _validate(RuleSet, p, data, node)
    for cl in rs.lists:
        cl._source, cl._path, cl._sha256 = "rule_set", _shown_path(p), sha
    extra = {k: by_period([v] if isinstance(v, CountryList) else v) for k, v in (extra_lists or {}).items()}
    _resolve(rs, p, node, extra)
    rs._path = p
    rs._sha256 = sha
    return rs


def _shipped_files() -> dict[str, Path]:
    d = rules_dir()
    return {f.stem: f for f in sorted(d.glob("*.yaml"))}


@lru_cache(maxsize=32)
def _load_shipped(path: str, mtime: float) -> RuleSet:
    return load_ruleset_file(path)


def list_rulesets() -> list[RuleSet]:
    """The shipped rule sets, sorted by id."""
    out = []
    for _, f in sorted(_shipped_files().items()):
        out.append(_load_shipped(str(f), f.stat().st_mtime))
    return out


def shipped_ids() -> list[str]:
    return sorted(_shipped_files())


def _looks_like_path(ref: str) -> bool:
    return ref.endswith((".yaml", ".yml")) or os.sep in ref or "/" in ref


def _is_country_list_file(path: Path) -> bool:
    try:
        data, _, _ = _read_yaml(path)
    except DataError:
        return False
    return isinstance(data, dict) and "countries" in data and "rules" not in data


def validate_file(path: str | os.PathLike[str]) -> str:
    """Validate a rule set or country list file; returns a one-line description, raises
    :class:`DataError` naming file, line and field."""
    p = Path(path)
    if not p.is_file():
        raise UsageError(f"file not found: {os.fspath(path)}")
    if _is_country_list_file(p):
        data, node, _ = _read_yaml(p)
        cl: CountryList = _validate(CountryList, p, data, node)
        n = "not shipped" if cl.countries is None else f"{len(cl.countries)} countries"
        return f"country list {cl.id} ({n})"
    rs = load_ruleset_file(p)
    return (f"rule set {rs.id} {rs.version}: {len(rs.rules)} rules, {len(rs.list_rules)} list rules, "
            f"{len(rs.indicators)} indicators")


def load_ruleset(ref: str | os.PathLike[str]) -> RuleSet:
    """One rule set by shipped id or file path."""
    return load_rulesets([ref])[0]


def load_rulesets(refs: Sequence[str | os.PathLike[str]]) -> list[RuleSet]:
    """Rule sets by shipped id (``magna-charta-ruhr-2010``) or YAML file path.

    A path may also name a country list file (``id``, ``countries``, ``sources``...): it then
    supplies or replaces the list of that id for every rule set loaded in the same call, e.g. the
    current OECD DAC list. Several files of one list id are its versions for periods that must not
    overlap (``valid_from``/``valid_to``; e.g. the DAC list 2024–2025 and the one from 2026): each
    item is judged by the version valid on its date. Unknown ids, overlapping periods (or two files
    of one id without dates) raise :class:`UsageError`, bad files :class:`DataError`.
    """
    shipped = _shipped_files()
    extra: dict[str, list[CountryList]] = {}
    files: list[Path] = []
    for ref in refs:
        s = os.fspath(ref)
        p = Path(s)
        if s in shipped and not p.is_file():
            files.append(shipped[s])
        elif p.is_file():
            if _is_country_list_file(p):
                data, node, sha = _read_yaml(p)
                cl: CountryList = _validate(CountryList, p, data, node)
                for other in extra.get(cl.id, ()):
                    if other.overlaps(cl):
                        why = ("neither has valid_from/valid_to" if not (other.valid_from or other.valid_to
                                                                        or cl.valid_from or cl.valid_to)
                               else f"their periods overlap: {other.validity_text(1)}; {cl.validity_text(1)}")
                        raise UsageError(f"country list {cl.id!r} given twice ({other._path}, {s}): {why} – "
                                         "several files of one list need periods that do not overlap")
                cl._source, cl._path, cl._sha256 = "file", s, sha
                extra.setdefault(cl.id, []).append(cl)
            else:
                files.append(p)
        elif _looks_like_path(s):
            raise UsageError(f"rule set file not found: {s}")
        else:
            known = ", ".join(sorted(shipped)) or "none"
            raise UsageError(f"unknown rule set {s!r} (shipped: {known}; or give a YAML file)")
    out: list[RuleSet] = []
    seen: set[str] = set()
    for f in files:
        if not extra and f.parent == rules_dir():
            rs = _load_shipped(str(f), f.stat().st_mtime)
        else:
            rs = load_ruleset_file(f, extra_lists={k: tuple(v) for k, v in extra.items()})
        if rs.id in seen:
            raise UsageError(f"rule set {rs.id!r} given twice")
        seen.add(rs.id)
        out.append(rs)
    if not out and extra:
        raise UsageError("only country lists given; name at least one rule set")
    for versions in extra.values():
        cl = versions[0]
        if not any(any(v is cl for v in rs.country_list_versions.get(cl.id, ())) for rs in out):
            raise UsageError(f"country list {cl.id!r} ({cl._path}) is not used by any rule set given")
    return out


def ruleset_ref(rs: RuleSet) -> RuleSetRef:
    """The report's record of a rule set: id, version, file and SHA-256, and every country list
    its rules used with where it came from (shipped, a user file, the rule set file) and its
    SHA-256, so that an audit can be reproduced; a list given for several periods is recorded once
    per version (file, SHA-256, period), in the order of the periods."""
    shipped = shipped_country_lists()
    own = {c.id for c in rs.lists}
    lists: list[CountryListRef] = []
    for lid, cl in ((lid, cl) for lid, versions in sorted(rs.country_list_versions.items()) for cl in versions):
        source: Literal["shipped", "file", "rule_set"] = (
            "shipped" if cl._source == "shipped"
            else "rule_set" if cl._source == "rule_set" or (cl._source is None and lid in own)  # built in memory
            else "file")
        replaces: Literal["shipped", "rule_set"] | None = None
        if source == "file" and lid in own:
            replaces = "rule_set"
        elif source != "shipped" and lid in shipped:
            replaces = "shipped"
        lists.append(CountryListRef(id=lid, source=source, path=cl._path, sha256=cl._sha256, replaces=replaces,
                                    valid_from=cl.valid_from, valid_to=cl.valid_to))
    path = rs.path
    return RuleSetRef(
        id=rs.id,
        version=str(rs.version),
        source=None if path is None else (
            "shipped" if path.resolve().parent == rules_dir().resolve() else "file"),
        path=None if path is None else _shown_path(path),
        sha256=rs.sha256,
        lists=lists,
    )
