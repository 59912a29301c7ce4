"""Write output files reproducibly and atomically."""

from __future__ import annotations

import os
import re
import shutil
import struct
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
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


# A staged file is named `.<name>.<pid>.tmp` (a replaced file kept for putting back, `.<name>.<pid>.old.tmp`):
# it belongs to the process that made it, and only a leftover of a process no longer running is removed.
_TEMPORARY = re.compile(r"^\..+\.(\d+)(?:\.old)?\.tmp$")


def _owner(temporary: Path) -> int | None:
    """Return the id of the process that staged a temporary file, or None if the name is not one of ours."""
    match = _TEMPORARY.match(temporary.name)
    return int(match.group(1)) if match else None


def _process_running(pid: int) -> bool:
    """Return True when a process with this id runs (this process's own leftovers count as not running)."""
    if pid == os.getpid() or pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill(pid, 0) would end the process there
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
        handle = kernel32.OpenProcess(0x00100000 | 0x1000, False, pid)  # SYNCHRONIZE | QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            return bool(kernel32.WaitForSingleObject(handle, 0) == 0x102)  # WAIT_TIMEOUT: still running
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: running
        return True
    return True


def _remove_if_stale(temporary: Path) -> None:
    """Delete a temporary file whose process no longer runs; keep those of running builds."""
    pid = _owner(temporary)
    if pid is not None and not _process_running(pid):
        temporary.unlink(missing_ok=True)


def remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files an interrupted earlier write of `path` left behind (a killed build).

    Those of another running process are kept: they are its files, about to be renamed.
    """
    for leftover in path.parent.glob(f".{glob_escape(path.name)}.*.tmp"):
        _remove_if_stale(leftover)


def glob_escape(name: str) -> str:
    """Return a file name with glob's special characters (`*?[`) matched literally."""
    return re.sub(r"([*?\[])", r"[\1]", name)


def sweep_temporaries(folder: Path) -> None:
    """Delete every temporary file in `folder` and below that a process no longer running left (a killed build)."""
    with suppress(OSError):  # a subfolder that cannot be read or a file that cannot be removed: left as it is
        for leftover in folder.rglob(".*.tmp"):
            if not leftover.is_dir():
                _remove_if_stale(leftover)


LOCK_FILE = ".ssr-build.lock"
LOCK_TIMEOUT_SECONDS = 600.0  # how long a build waits for another one writing into the same folder
_LOCK_POLL_SECONDS = 0.1


@contextmanager
def output_lock(
    out: Path, timeout: float | None = None, waiting: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the lock of an output folder for the body: one build, `watch` rebuild or pack writes into it at a time.

    Another process holding it is waited for (`waiting` hears so once; by default it is
    printed) up to `timeout` seconds (LOCK_TIMEOUT_SECONDS, read when called), then a
    DiagnosticsError names the folder. The system releases the lock when its process
    ends, however it ends, so a killed build never leaves a folder locked. Once the lock
    is held, the temporary files of builds no longer running are removed. The lock is
    `fcntl.flock` on `OUT/.ssr-build.lock` (`msvcrt.locking` on Windows); where neither
    exists, or the file system refuses locks, builds are not kept apart. A folder made
    only to hold the lock is removed again if the body put nothing in it.
    """
    timeout = LOCK_TIMEOUT_SECONDS if timeout is None else timeout
    made = [folder for folder in (out, *out.parents) if not folder.exists()]
    path = out / LOCK_FILE
    try:
        descriptor = _acquire(path, timeout, waiting or _tell)
    except OSError as exc:  # a read-only or full disk, a file where the folder should be
        message = f"cannot write into {out}/: {exc.strerror}; choose another folder (--out) or make this one writable"
        raise DiagnosticsError([Diagnostic(str(out), None, Severity.ERROR, message, "output.unwritable")]) from None
    try:
        sweep_temporaries(out)
        yield
    finally:
        if made and _holds_only_the_lock(out):
            _remove_made(path, made)  # still locked: a waiting process sees the file gone and makes a new one
        _unlock(descriptor)


def _holds_only_the_lock(out: Path) -> bool:
    try:
        return [entry.name for entry in out.iterdir()] == [LOCK_FILE]
    except OSError:
        return False


def _tell(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _acquire(path: Path, timeout: float, waiting: Callable[[str], None]) -> int:
    """Return an open descriptor of the lock file at `path`, locked; raise DiagnosticsError after `timeout`."""
    deadline = time.monotonic() + timeout
    told = False
    while True:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
        try:
            while not _try_lock(descriptor):
                if time.monotonic() >= deadline:
                    raise _locked_error(path, timeout)
                if not told:
                    waiting(f"waiting for another build in {path.parent}/ …")
                    told = True
                time.sleep(_LOCK_POLL_SECONDS)
        except BaseException:
            os.close(descriptor)
            raise
        if _still_named(descriptor, path):
            return descriptor
        os.close(descriptor)  # the build before removed the folder it had made for nothing: lock the new file


def _locked_error(path: Path, timeout: float) -> DiagnosticsError:
    message = (
        f"another build has been writing into {path.parent}/ for more than {timeout:g} seconds; "
        "wait for it to finish (or stop it), then run this again"
    )
    return DiagnosticsError([Diagnostic(str(path), None, Severity.ERROR, message, "output.locked")])


def _still_named(descriptor: int, path: Path) -> bool:
    """Return True when `path` still names the open file (no one removed it meanwhile)."""
    try:
        named, held = os.stat(path), os.fstat(descriptor)
    except OSError:
        return False
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


def _try_lock(descriptor: int) -> bool:
    """Return True once this process holds the lock on the open file; False while another process does."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        import fcntl
    except ImportError:  # neither fcntl nor msvcrt: builds are not kept apart (docs/security.md)
        return True
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:  # a file system without locks
        return True
    return True


def _unlock(descriptor: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        with suppress(OSError):
            msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)
    os.close(descriptor)  # releases an flock


def _remove_made(lock: Path, made: list[Path]) -> None:
    """Remove the lock file and the folders made for it, innermost first, leaving any that is no longer empty."""
    with suppress(OSError):
        lock.unlink()
        for folder in made:
            folder.rmdir()


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
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.filename is None:  # a failed write names no file: name this one
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
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
