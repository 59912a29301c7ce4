"""Write output files reproducibly and atomically."""

from __future__ import annotations

import io
import os
import struct
import time
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from toolkit.diagnostics import Diagnostic, DiagnosticsError, Severity

DEFAULT_EPOCH = 946_684_800  # 2000-01-01T00:00:00Z: a fixed date when SOURCE_DATE_EPOCH is not set
ZIP_EPOCH = 315_532_800  # 1980-01-01, the earliest date a zip entry can hold


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


def normalise_zip(data: bytes) -> bytes:
    """Return an Office file whose zip entries all carry the build date and neutral attributes.

    python-pptx and python-docx stamp each entry with the current time. The date, the
    "made by" system and the file attributes are rewritten in place in the local and
    central headers, so the compressed data is kept as it is and the same inputs give
    byte-identical files without compressing everything twice.
    """
    year, month, day, hour, minute, second = time.gmtime(max(build_epoch(), ZIP_EPOCH))[:6]
    dos_time = (hour << 11) | (minute << 5) | (second // 2)
    dos_date = ((year - 1980) << 9) | (month << 5) | day
    buffer = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.infolist()
    for entry in entries:
        offset = entry.header_offset
        if buffer[offset : offset + 4] != b"PK\x03\x04":
            raise ValueError("not a zip local file header")
        struct.pack_into("<HH", buffer, offset + 10, dos_time, dos_date)
    end = data.rfind(b"PK\x05\x06")
    count, _, directory = struct.unpack_from("<HII", data, end + 10)
    offset = directory
    for _ in range(count):
        if buffer[offset : offset + 4] != b"PK\x01\x02":
            raise ValueError("not a zip central directory header")
        struct.pack_into("<H", buffer, offset + 4, 20)  # made by: MS-DOS, zip 2.0
        struct.pack_into("<HH", buffer, offset + 12, dos_time, dos_date)
        struct.pack_into("<I", buffer, offset + 38, 0)  # no file attributes
        name, extra, comment = struct.unpack_from("<HHH", buffer, offset + 28)
        offset += 46 + name + extra + comment
    return bytes(buffer)


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files an interrupted earlier write of `path` left behind (a killed build)."""
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        leftover.unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Write bytes to `path` so that the name holds either the old file or the complete new one.

    The data goes to a temporary file in the same folder, is flushed to disk, given the
    normal file mode, then renamed over the target in one step.
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
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
