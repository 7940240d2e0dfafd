"""Putting a finished report in place, whole or not at all, on every operating system.

The report is built in a work folder beside its final place. Under a lock file (filelock: fcntl
on POSIX, msvcrt on Windows), the work folder replaces an existing report by an atomic exchange
where the OS offers one (Linux renameat2); elsewhere the old report is renamed aside, the new one
moved in, and only then the old one removed, so a reader never finds neither.

Only a folder this project made is ever replaced or removed: a report, or a failed build's
folder, carries its manifest.json with the GENERATOR mark. Anything else at the target (a user's
folder, a file, a link) is refused before the build starts and again under the lock.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import tempfile
from pathlib import Path

from filelock import FileLock

WORK_PREFIX = ".building-"  # work folders: .<date>.building-<pid>-<random>
MANIFEST = "manifest.json"
GENERATOR = "analysis: best-practice-cluster-management edition"  # the mark of our folders
FAILED_SUFFIX = ".failed"


class NotAReport(Exception):
    """The target of a build is something this project did not make; the message is one line."""


def is_report(folder: Path) -> bool:
    """Whether `folder` is a folder this project made (a report or a failed build's folder):
    its manifest.json carries GENERATOR (reports of earlier versions: their manifest's keys)."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    try:
        record = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(record, dict):
        return False
    return record.get("generator") == GENERATOR or {"parameters", "data", "packages"} <= set(record)


def check_target(final: Path) -> None:
    """Refuse to build where the report or its failed-build folder would replace something that
    is not ours."""
    from analysis.dataset.paths import display_path

    for path in (final, failed_folder(final)):
        if (path.exists() or path.is_symlink()) and not is_report(path):
            what = "a folder" if path.is_dir() and not path.is_symlink() else "a file or link"
            raise NotAReport(
                f"{display_path(path)} is {what} that is not a report of this project "
                "(no manifest.json of a build); it is left as it is: move it, or choose "
                "another --out or --date"
            )


def failed_folder(final: Path) -> Path:
    return final.with_name(f"{final.name}{FAILED_SUFFIX}")


def work_prefix(date: str) -> str:
    return f".{date}{WORK_PREFIX}{os.getpid()}-"


def remove_stale_work(out: Path) -> list[Path]:
    """Remove work folders of builds that died without cleaning up (kill -9, power loss): those
    whose process no longer exists, beside the reports and in the temp folder."""
    from analysis.report.kernels import FOLDER_PREFIX, pid_alive

    candidates = [(p, p.name.split(WORK_PREFIX, 1)[-1]) for p in out.glob(f".*{WORK_PREFIX}*")]
    temp = Path(tempfile.gettempdir())
    candidates += [(p, p.name[len(FOLDER_PREFIX) :]) for p in temp.glob(f"{FOLDER_PREFIX}*")]
    removed = []
    for path, rest in candidates:
        pid = rest.split("-", 1)[0]
        if path.is_dir() and pid.isdigit() and not pid_alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def lock(final: Path) -> FileLock:
    """The lock every build takes before it moves folders next to `final`."""
    return FileLock(str(final.parent / f".{final.name}.lock"))


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False if not supported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, TypeError):  # no such call, or no C library to ask
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def place(work: Path, final: Path) -> None:
    """Move the finished work folder to `final`, replacing an older report whole."""
    with lock(final):
        check_target(final)  # again, under the lock: something may have appeared meanwhile
        if not final.exists():
            work.rename(final)
            return
        if _exchange(work, final):
            shutil.rmtree(work)  # now holds the previous report
            return
        old = final.with_name(f".{final.name}.old-{os.getpid()}")
        final.rename(old)
        try:
            work.rename(final)
        except OSError:
            old.rename(final)  # never lose the previous report
            raise
        shutil.rmtree(old)


def keep_failed(work: Path, final: Path) -> Path:
    """Move a failed build's work folder to `<final>.failed` (replacing an older one)."""
    kept = failed_folder(final)
    (work / MANIFEST).write_text(
        json.dumps({"generator": GENERATOR, "status": "failed"}, indent=2) + "\n", encoding="utf-8"
    )
    with lock(final):
        check_target(final)
        if kept.exists():
            shutil.rmtree(kept)
        work.rename(kept)
    return kept
