"""Write output files reproducibly and atomically."""

from __future__ import annotations

import os
import shutil
import struct
import time
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from toolkit.core.diagnostics import Diagnostic, DiagnosticsError, Severity

DEFAULT_EPOCH = 946_684_800  # 2000-01-01T00:00:00Z: a fixed date when SOURCE_DATE_EPOCH is not set
ZIP_EPOCH = 315_532_800  # 1980-01-01, the earliest date a zip entry can hold
ZIP_VERSION = 20  # "version made by" and "needed to extract": zip 2.0 on MS-DOS, as plain deflate needs
DEFLATED = 8
UTF8_NAMES = 0x800  # general-purpose flag: the entry's name is UTF-8
# Zip header layouts (APPNOTE 4.3.7, 4.3.12, 4.3.16): the fields after the signature and versions are
# flags, method, time, date, CRC-32, compressed size, size, name length, then lengths and attributes.
LOCAL_HEADER = "<4sH4H3I2H"
CENTRAL_HEADER = "<4s2H4H3I5H2I"
END_RECORD = "<4s4H2IH"


def build_epoch() -> int:
    """Return the timestamp every output records: SOURCE_DATE_EPOCH when set, else a fixed date.

    A value that is not a whole number of seconds is an error, not silently ignored:
    someone asking for reproducible dates should not get other ones.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return DEFAULT_EPOCH
    try:
        epoch = int(value)
        datetime.fromtimestamp(epoch, tz=timezone.utc)
    except (ValueError, OverflowError, OSError):
        message = f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got {value[:40]!r}"
        raise DiagnosticsError(
            [Diagnostic("SOURCE_DATE_EPOCH", None, Severity.ERROR, message, "env.source-date-epoch")]
        ) from None
    return epoch


def build_datetime() -> datetime:
    """Return the build timestamp as an aware UTC datetime, for document properties."""
    return datetime.fromtimestamp(build_epoch(), tz=timezone.utc)


@dataclass(frozen=True)
class Deflated:
    """One file's bytes compressed for a zip entry, with what the entry's headers record."""

    crc: int
    size: int
    packed: bytes


def deflate(data: bytes) -> Deflated:
    """Return `data` compressed as a zip entry stores it (raw deflate, level 6) with its CRC-32."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Deflated(zlib.crc32(data), len(data), compressor.compress(data) + compressor.flush())


def zip_archive(entries: list[tuple[str, Deflated]]) -> bytes:
    """Return a zip file of already compressed entries, in the order given, all dated from the build date.

    Written here rather than with `zipfile`, whose per-entry work took longer than the
    compression itself (a deck has about a hundred small entries); the format is the
    plain one every reader takes: no data descriptors, no extra fields, no system
    attributes, "made by" MS-DOS, so the same inputs give the same bytes everywhere.
    Archives too large for that format (65,535 entries, 4 GiB) are refused.
    """
    year, month, day, hour, minute, second = time.gmtime(max(build_epoch(), ZIP_EPOCH))[:6]
    dos_time = (hour << 11) | (minute << 5) | (second // 2)
    dos_date = ((year - 1980) << 9) | (month << 5) | day
    body, directory = bytearray(), bytearray()
    for name, entry in entries:
        encoded = name.encode("utf-8")
        flags = 0 if name.isascii() else UTF8_NAMES
        offset = len(body)
        if len(entries) > 0xFFFF or offset + len(entry.packed) > 0xFFFFFFFF or entry.size > 0xFFFFFFFF:
            raise ValueError("too large for a zip file without ZIP64 extensions")
        fields = (flags, DEFLATED, dos_time, dos_date, entry.crc, len(entry.packed), entry.size, len(encoded))
        body += struct.pack(LOCAL_HEADER, b"PK\x03\x04", ZIP_VERSION, *fields, 0) + encoded + entry.packed
        no_extra_comment_disk_or_attributes = (0, 0, 0, 0, 0)
        directory += struct.pack(
            CENTRAL_HEADER,
            b"PK\x01\x02",
            ZIP_VERSION,
            ZIP_VERSION,
            *fields,
            *no_extra_comment_disk_or_attributes,
            offset,
        )
        directory += encoded
    end = struct.pack(END_RECORD, b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), len(body), 0)
    return bytes(body + directory + end)


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files an interrupted earlier write of `path` left behind (a killed build)."""
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        leftover.unlink(missing_ok=True)


def stage(path: Path, data: bytes) -> Path:
    """Return a temporary file beside `path` holding `data`, flushed to disk and given the normal mode.

    Renaming it over `path` (`os.replace`) then puts the whole new file in place in one
    step; until then `path` keeps its old content. A build stages and publishes each
    module's files while later modules still render, and puts them all back if one fails.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _file_mode())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def publish(temporary: Path, path: Path) -> Path | None:
    """Rename a staged file over `path`; return a hidden second name for what it replaced (None if nothing).

    The old file keeps a name (a hard link, or a copy where links are refused) until the
    build ends, so a build that fails later can put it back (`put_back`); `path` itself
    is never missing. The name ends in `.tmp`, so a killed build's leftovers are removed
    by the next build, as its temporary files are.
    """
    backup = None
    if path.exists():
        backup = path.with_name(f".{path.name}.{os.getpid()}.old.tmp")
        backup.unlink(missing_ok=True)
        try:
            os.link(path, backup)
        except OSError:  # a file system without hard links
            shutil.copy2(path, backup)
    os.replace(temporary, path)
    return backup


def put_back(path: Path, backup: Path | None) -> None:
    """Return `path` to what it was before `publish`: the old file, or no file."""
    if backup is None:
        path.unlink(missing_ok=True)
    else:
        os.replace(backup, path)


def write_atomic(path: Path, data: bytes) -> None:
    """Write bytes to `path` so that the name holds either the old file or the complete new one."""
    temporary = stage(path, data)
    try:
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
