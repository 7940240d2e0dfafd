"""A guard between the build and a program it starts that must not outlive it (the browser
that prints the PDF, with all the processes a browser starts).

The build starts `python -m analysis.report.guard <build pid> <program> <args...>` in a new
process group (session) of its own; the guard starts the program in that group and waits for
it. Ending the group ends the guard, the program and its children at once (the build does so
when the print is done, fails or times out, and on Ctrl-C). If the build itself is killed
outright (kill -9: it cannot clean up), the guard notices within POLL seconds and ends the
group. A program that cannot be started is one line on the guard's standard error and exit
status 127.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

POLL = 0.2  # seconds between two looks at the build
CANNOT_START = 127


def alive(pid: int) -> bool:
    """Whether the process `pid` still runs (POSIX: signal 0 and /proc; Windows: its exit code)."""
    if os.name == "posix":
        from analysis.report.kernels import pid_alive

        return pid_alive(pid)
    import ctypes  # Windows: OpenProcess + GetExitCodeProcess (STILL_ACTIVE = 259)

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return kernel32.GetLastError() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        return code.value == 259
    finally:
        kernel32.CloseHandle(handle)


def end_group(process: subprocess.Popen[bytes]) -> None:
    """End `process` and everything it started: its process group on POSIX (where the guard
    leads the group), its process tree on Windows."""
    if process.poll() is not None and os.name != "posix":
        return
    try:
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            subprocess.run(
                ["taskkill", "/F", "/T", "/PID", str(process.pid)],
                capture_output=True,
                check=False,
            )
            process.kill()
    except (ProcessLookupError, PermissionError, OSError):
        pass
    process.wait()


def main(argv: list[str]) -> int:
    watched, command = int(argv[0]), argv[1:]
    try:
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError as exc:
        print(f"cannot start {command[0]}: {exc.strerror or exc}", file=sys.stderr, flush=True)
        return CANNOT_START
    while True:
        try:
            return child.wait(timeout=POLL)
        except subprocess.TimeoutExpired:
            pass
        if not alive(watched):  # the build was killed without a word: take the program along
            if os.name == "posix":
                os.killpg(os.getpgid(0), signal.SIGKILL)
            else:
                subprocess.run(
                    ["taskkill", "/F", "/T", "/PID", str(child.pid)],
                    capture_output=True,
                    check=False,
                )
            time.sleep(POLL)
            return 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
