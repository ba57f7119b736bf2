"""Safety checks for hostile or broken input files, run before any real parsing.

Readers call these first; each raises :class:`fairbuy.errors.InputError` with one line naming the
file (and, where known, the position) instead of letting a library crash, hang or eat the memory.

- :func:`sniff_kind` — what a file really is, from its first bytes (zip, OLE2/CFB, PDF, XML, text).
- :func:`guard_office_file` — for ``.xlsx/.xlsm/.ods`` (and ``.xls``): empty file, encrypted
  (password-protected) workbook, wrong container, zip bomb, missing workbook part.
- :func:`check_zip_archive` — refuse archives whose unpacked size or compression ratio is absurd,
  from the central directory (``ZipInfo.file_size``) first, then by streaming each member with a
  hard cap (a member that inflates beyond its declared size is refused too).
- :func:`sniff_encrypted_office` — an OLE2 container holding ``EncryptionInfo``/``EncryptedPackage``
  (how Excel, LibreOffice and others store a password-protected xlsx).
- :func:`parse_xml` / :func:`safe_xml_parser` — XML without DTDs, entities or network access.
- :func:`strip_control_chars` / :func:`sanitize_series` — remove NUL and other C0 controls from text.
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from fairbuy.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

#: Total unpacked size above which an archive is refused (real purchase lists are far below).
MAX_UNPACKED: Final[int] = 1 << 30  # 1 GiB
#: Unpacked/packed ratio above which a large member is refused (typical xlsx sheets: 5–40).
MAX_RATIO: Final[float] = 100.0
#: Members smaller than this are never refused for their ratio (tiny parts compress very well).
RATIO_MIN_SIZE: Final[int] = 50 << 20  # 50 MiB
#: More members than this is not a workbook.
MAX_MEMBERS: Final[int] = 10_000

CFB_MAGIC: Final[bytes] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS: Final[tuple[bytes, ...]] = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_ENCRYPTION_STREAMS: Final[tuple[bytes, ...]] = (
    "EncryptionInfo".encode("utf-16-le"),
    "EncryptedPackage".encode("utf-16-le"),
)

Kind = Literal["empty", "zip", "cfb", "pdf", "xml", "text", "binary"]


def _display(path: str | os.PathLike[str], display_path: str | None) -> str:
    return display_path if display_path is not None else os.fspath(path)


def sniff_kind(path: str | os.PathLike[str]) -> Kind:
    """What the file is by its first bytes (never by its name)."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if not head:
        return "empty"
    if head.startswith(ZIP_MAGICS):
        return "zip"
    if head.startswith(CFB_MAGIC):
        return "cfb"
    # A PDF header may be preceded by junk (up to 1024 bytes, as readers tolerate).
    if b"%PDF-" in head[:1024]:
        return "pdf"
    text = _decode_head(head)
    if text is None:
        return "binary"
    if text.lstrip("\ufeff \t\r\n").startswith("<"):
        return "xml"
    return "text"


def _decode_head(head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return head[: len(head) // 2 * 2].decode("utf-16", errors="replace")
        except UnicodeDecodeError:
            return None
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if controls > max(8, len(head) // 10):
        return None
    return head.decode("utf-8", errors="replace")


def sniff_encrypted_office(path: str | os.PathLike[str], *, limit: int = 8 << 20) -> bool:
    """True when the file is an OLE2/CFB container holding an encrypted Office package.

    Excel saves a password-protected ``.xlsx`` as a CFB file (magic ``D0 CF 11 E0``) with the
    streams ``EncryptionInfo`` and ``EncryptedPackage``; their names sit in the directory sectors
    as UTF-16LE, which is what is looked for (in the first ``limit`` bytes).
    """
    with open(path, "rb") as fh:
        if fh.read(8) != CFB_MAGIC:
            return False
        data = fh.read(limit)
    return any(name in data for name in _ENCRYPTION_STREAMS)


def check_zip_archive(
    path: str | os.PathLike[str],
    *,
    display_path: str | None = None,
    max_unpacked: int = MAX_UNPACKED,
    max_ratio: float = MAX_RATIO,
    ratio_min_size: int = RATIO_MIN_SIZE,
    max_members: int = MAX_MEMBERS,
    stream_check: bool = True,
    inspect: Mapping[str, Callable[[bytearray], object]] | None = None,
) -> zipfile.ZipFile:
    """Open ``path`` as a zip archive and refuse it when it is broken or a decompression bomb.

    Checks, in order: the central directory can be read; at most ``max_members`` members; the sum
    of the declared unpacked sizes is at most ``max_unpacked``; no member larger than
    ``ratio_min_size`` unpacks at a ratio above ``max_ratio``. With ``stream_check`` every member
    is then inflated in chunks (nothing kept) to make sure it neither exceeds its declared size
    nor fails its CRC — a lying central directory cannot smuggle a bomb past the first checks.
    ``inspect``: for the members named (the entry ``ZipFile.read(name)`` reads), the streamed
    content is also kept and, once the member passed its checks, handed to the callable — so a
    caller that needs a part's content does not inflate it a second time. Members the stream check
    does not inflate (folders, other compression methods) are not handed over.
    Returns the open :class:`zipfile.ZipFile` (the caller closes it).
    """
    where = _display(path, display_path)
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise InputError(where, f"not a valid zip archive (corrupt or truncated): {exc}") from None
    except (OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise InputError(where, f"cannot open the archive: {exc}") from None
    try:
        infos = zf.infolist()
        if len(infos) > max_members:
            raise InputError(where, f"archive has {len(infos)} members (more than {max_members}); refused")
        total = sum(i.file_size for i in infos)
        if total > max_unpacked:
            raise InputError(
                where,
                f"archive would unpack to {_size(total)} (limit {_size(max_unpacked)}); "
                "refused as a possible zip bomb",
            )
        for info in infos:
            if info.file_size > ratio_min_size:
                ratio = info.file_size / max(info.compress_size, 1)
                if ratio > max_ratio:
                    raise InputError(
                        where,
                        f"archive member {info.filename!r} unpacks {ratio:.0f}:1 to "
                        f"{_size(info.file_size)}; refused as a possible zip bomb",
                    )
        if stream_check:
            for info in infos:
                sink = inspect.get(info.filename) if inspect else None
                if sink is not None and zf.getinfo(info.filename) is not info:
                    sink = None  # an earlier entry of a repeated name: not the one read by name
                content = _stream_member(zf, info, where, keep=sink is not None)
                if sink is not None and content is not None:
                    sink(content)
                    del content
    except BaseException:
        zf.close()
        raise
    return zf


def _stream_member(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, where: str, *, keep: bool = False
) -> bytearray | None:
    """Inflate one member in chunks, refusing overruns and bad CRCs. Keeps nothing, unless
    ``keep``: then the content is returned (it never grows beyond the declared size)."""
    if info.is_dir() or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return None
    if info.flag_bits & 0x1:
        raise InputError(where, f"archive member {info.filename!r} is encrypted; refused")
    limit = info.file_size
    content = bytearray(limit) if keep else None
    try:
        with zf.open(info) as fh:
            seen = 0
            while True:
                chunk = fh.read(1 << 20)
                if not chunk:
                    break
                if not seen and info.filename.lower().endswith("sharedstrings.xml"):
                    _check_shared_strings_head(chunk, info, where)
                if seen + len(chunk) > limit:
                    raise InputError(
                        where, f"archive member {info.filename!r} unpacks beyond its declared size; refused"
                    )
                if content is not None:
                    content[seen : seen + len(chunk)] = chunk
                seen += len(chunk)
    except InputError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise InputError(where, f"archive member {info.filename!r} is corrupt: {exc}") from None
    if seen != limit:
        raise InputError(where, f"archive member {info.filename!r} is truncated or corrupt")
    return content


#: More unique strings than this is no purchase list (calamine allocates 24 bytes per declared one).
MAX_SHARED_STRINGS: Final[int] = 50_000_000
_UNIQUE_COUNT = re.compile(rb"<(?:\w+:)?sst\b[^>]*?\buniqueCount\s*=\s*[\"'](\d+)[\"']")


def _check_shared_strings_head(head: bytes, info: zipfile.ZipInfo, where: str) -> None:
    """Refuse a shared-string table that declares more strings than it can hold: calamine reserves
    memory for ``uniqueCount`` up front (a 2 KB file claiming 4e9 strings aborts the process)."""
    m = _UNIQUE_COUNT.search(head[:65536])
    if not m:
        return
    declared = int(m.group(1))
    # every <si> takes at least 5 bytes ("<si/>"), so an honest part is that large
    if declared > MAX_SHARED_STRINGS or declared > max(1024, info.file_size // 4):
        raise InputError(
            where,
            f"{info.filename} declares {declared:,} strings in {_size(info.file_size)}; "
            "refused (corrupt or hostile workbook)",
        )


def _size(n: int) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB"):
        if n < 1024 or unit == "TiB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} bytes"  # pragma: no cover


_RELS_TARGET = re.compile(
    rb"<Relationship\b[^>]*?Type=\"[^\"]*/officeDocument\"[^>]*?>|"
    rb"<Relationship\b[^>]*?Type='[^']*/officeDocument'[^>]*?>"
)
_TARGET_ATTR = re.compile(rb"Target=[\"']([^\"']+)[\"']")


def _main_part(zf: zipfile.ZipFile) -> str | None:
    """The workbook part named by ``_rels/.rels`` (None when the relationship is missing)."""
    try:
        rels = zf.read("_rels/.rels")
    except KeyError:
        return None
    m = _RELS_TARGET.search(rels)
    if not m:
        return None
    t = _TARGET_ATTR.search(m.group(0))
    if not t:
        return None
    return t.group(1).decode("utf-8", errors="replace").lstrip("/")


def guard_office_file(
    path: str | os.PathLike[str],
    *,
    display_path: str | None = None,
    fmt: str | None = None,
    max_unpacked: int = MAX_UNPACKED,
    max_ratio: float = MAX_RATIO,
) -> None:
    """Refuse a spreadsheet that cannot be read safely, before calamine/openpyxl touch it.

    ``fmt`` is the format the file is read as (``xlsx``, ``xlsm``, ``ods``, ``xls``; default: the
    suffix). Raises :class:`InputError` for an empty file, a password-protected workbook, a file
    whose content does not match its format, a zip bomb, or a package without its workbook part.
    """
    where = _display(path, display_path)
    fmt = (fmt or Path(path).suffix.lstrip(".")).lower()
    kind = sniff_kind(path)
    if kind == "empty":
        raise InputError(where, "file is empty")
    if kind == "cfb":
        if sniff_encrypted_office(path):
            raise InputError(
                where, "workbook is encrypted (password-protected); save an unprotected copy and retry"
            )
        if fmt == "xls":
            return
        raise InputError(where, f"not a valid {fmt} workbook: an old binary Office (OLE2) file; save it as xlsx")
    if fmt == "xls":
        if kind == "zip":
            raise InputError(where, "not an xls workbook: a zip archive (an xlsx renamed to .xls?)")
        raise InputError(where, f"not an xls workbook (looks like {kind})")
    if kind != "zip":
        raise InputError(where, f"not a valid {fmt} workbook (not a zip archive; looks like {kind})")
    with check_zip_archive(path, display_path=where, max_unpacked=max_unpacked, max_ratio=max_ratio) as zf:
        names = set(zf.namelist())
        if fmt == "ods":
            if "content.xml" not in names:
                raise InputError(where, "not an OpenDocument spreadsheet: content.xml is missing")
            return
        main = _main_part(zf) or "xl/workbook.xml"
        if main not in names:
            raise InputError(where, f"not a valid {fmt} workbook: the workbook part {main} is missing")


# --------------------------------------------------------------------------------------------- XML

_DOCTYPE_PATTERNS: Final[tuple[bytes, ...]] = (
    b"<!DOCTYPE",
    "<!DOCTYPE".encode("utf-16-le"),
    "<!DOCTYPE".encode("utf-16-be"),
)
_ENTITY_PATTERNS: Final[tuple[bytes, ...]] = (
    b"<!ENTITY",
    "<!ENTITY".encode("utf-16-le"),
    "<!ENTITY".encode("utf-16-be"),
)


def has_dtd(data: bytes) -> bool:
    """True when the document carries a DOCTYPE or an entity declaration (any of UTF-8/16)."""
    upper = data[: 1 << 16].upper()
    return any(p in upper for p in _DOCTYPE_PATTERNS) or any(p in data for p in _ENTITY_PATTERNS)


def safe_xml_parser(*, huge_tree: bool = False) -> Any:
    """An lxml parser that resolves no entities, loads no DTD and never touches the network."""
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=huge_tree,
        remove_pis=True,
        collect_ids=False,
    )


def parse_xml(data: bytes, *, path: str, allow_dtd: bool = False) -> Any:
    """Parse ``data`` safely into an lxml element tree (the root element).

    Documents with a DOCTYPE or entity declarations are refused outright (e-invoices never carry
    one; XXE, billion laughs and external DTDs all need one). Syntax errors become an
    :class:`InputError` naming line and column.
    """
    from lxml import etree

    if not allow_dtd and has_dtd(data):
        raise InputError(path, "XML with a document type declaration (DTD/entities) is not accepted")
    try:
        root = etree.fromstring(data, parser=safe_xml_parser())
    except etree.XMLSyntaxError as exc:
        line, col = (exc.position if exc.position else (None, None))
        pos = f" (line {line}, column {col})" if line else ""
        msg = " ".join(str(exc.msg or exc).split())
        raise InputError(path, f"not well-formed XML{pos}: {msg}") from None
    except ValueError as exc:
        raise InputError(path, f"not well-formed XML: {exc}") from None
    if root is None:
        raise InputError(path, "XML document has no root element")
    return root


# -------------------------------------------------------------------------------------------- text

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def strip_control_chars(text: str) -> str:
    """Remove NUL and the other C0 control characters except tab, line feed and carriage return
    (also DEL and the non-characters U+FFFE/U+FFFF, which XML and xlsx cannot hold)."""
    return _CONTROL.sub("", text)


def has_control_chars(text: str) -> bool:
    return _CONTROL.search(text) is not None


def sanitize_series(values: pd.Series) -> pd.Series:
    """:func:`strip_control_chars` over a column of text (non-strings left as they are)."""
    return values.map(lambda v: strip_control_chars(v) if isinstance(v, str) and _CONTROL.search(v) else v)
