"""Preloaded kernels for the report build: a fresh kernel per notebook without paying for its
imports each time.

A *preloader* process imports ipykernel, IPython, pandas, matplotlib and `analysis` once and
then waits on a Unix socket. The build's kernelspec runs a tiny *launcher* in place of
`ipykernel_launcher`; the launcher asks the preloader to fork, and the forked child becomes the
kernel (IPKernelApp with jupyter_client's connection file). So every notebook still gets its own
new process, started from the same clean state in which no notebook code has run; only the
imports are shared. The launcher stays in place as the process jupyter_client manages: it
forwards interrupt and termination signals to the kernel and exits when the kernel does. Where
the preloader is not reachable, the launcher simply becomes an ordinary ipykernel.

    python -m analysis.report.kernels serve SOCKET       # the preloader (started by a build worker)
    python -m analysis.report.kernels launch -f FILE     # the launcher (started by jupyter_client)
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import sys
import time
from pathlib import Path
from typing import NoReturn

SOCKET_ENV = "ANALYSIS_KERNEL_SOCKET"
PRELOADER_PID_ENV = "ANALYSIS_KERNEL_PRELOADER_PID"
FOLDER_PREFIX = "analysis-kernels-"  # + the build's pid + "-": stale ones are found by it
KERNEL_NAME = "cluster-preloaded"
PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "IPython.core.interactiveshell",
    "matplotlib_inline.backend_inline",
    "pandas",
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
    "matplotlib.backends.backend_svg",
    "pydantic",
    "yaml",
    "analysis.notebook.book",
    "analysis.presentation.tables",
    "analysis.presentation.figures",
)


# ------------------------------------------------------------------ preloader


_kernels: set[int] = set()  # in the preloader: the kernels it forked that have not ended


def _reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        _kernels.discard(pid)


def _stop_kernels(signum: int, frame: object) -> None:
    """The preloader is stopped (the build ends or was interrupted): end every kernel it forked
    and wait for each, so that none writes into the build's work folder after the build has
    removed it (a kernel otherwise notices its launcher's end only within half a second)."""
    for pid in list(_kernels):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    for pid in list(_kernels):
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
    os._exit(0)


def _receive(conn: socket.socket) -> dict:
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    return json.loads(data)


def _become_kernel(request: dict) -> None:
    """In the forked child: detach, take the launcher's environment, run ipykernel, exit."""
    os.setsid()  # like jupyter_client's own launch: terminal Ctrl-C does not reach the kernel
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    launcher = int(request["launcher_pid"])

    import threading

    def watch() -> None:  # the kernel must not outlive the launcher jupyter_client manages
        while True:
            time.sleep(0.5)
            try:
                os.kill(launcher, 0)
            except ProcessLookupError:
                os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
    from ipykernel.kernelapp import IPKernelApp

    # The launcher is this kernel's parent as far as jupyter_client knows (trait defaults read
    # JPY_PARENT_PID at import time, in the preloader, so it is passed explicitly).
    argv = [
        *request["argv"],
        f"--IPKernelApp.parent_handle={launcher}",
        "--HistoryManager.enabled=False",
    ]
    sys.argv = [sys.executable, *argv]
    try:
        IPKernelApp.launch_instance(argv=argv)
    finally:
        os._exit(0)


def _warm_fonts() -> None:
    """Draw one throw-away figure so that font files and glyph caches are loaded before the
    fork (library state only; matplotlib's settings are left as they were)."""
    from matplotlib.figure import Figure

    from analysis.presentation.canvas import render

    fig = Figure(figsize=(2, 1))
    fig.add_subplot().set_title("Æble Øre Å 0123", fontweight="bold")
    render(fig, "png")
    render(fig, "svg")


def serve(path: str) -> None:
    """Import everything once, then fork a kernel for each launcher that connects."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build stops us; Ctrl-C is its business
    signal.signal(signal.SIGTERM, _stop_kernels)
    # BLAS thread pools do not survive fork(); notebooks here need none.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    import importlib

    for module in PRELOAD:
        importlib.import_module(module)
    _warm_fonts()
    parent = os.getppid()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    tmp = f"{path}.{os.getpid()}"
    server.bind(tmp)
    server.listen(16)
    os.rename(tmp, path)  # the socket appears only once the imports are done
    try:
        while os.getppid() == parent:  # stop when the build worker that started us is gone
            readable, _, _ = select.select([server], [], [], 0.2)
            _reap()
            if not readable:
                continue
            conn, _ = server.accept()
            with conn:
                request = _receive(conn)
                # a stop between the fork and the record would miss this kernel: held off
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
                pid = os.fork()
                if pid == 0:
                    server.close()
                    conn.close()
                    signal.signal(signal.SIGTERM, signal.SIG_DFL)
                    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
                    _become_kernel(request)
                _kernels.add(pid)
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
                conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
    finally:
        server.close()
        Path(path).unlink(missing_ok=True)


# ------------------------------------------------------------------ launcher


def pid_alive(pid: int) -> bool:
    """Whether a process exists (POSIX; elsewhere assumed alive, never wrongly declared dead)."""
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (dead, not yet reaped by its parent) still answers signal 0
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state != "Z"


def _fallback(argv: list[str]) -> NoReturn:
    os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", *argv])


def launch(argv: list[str]) -> int:
    """Ask the preloader for a kernel; act as its stand-in until it exits."""
    path = os.environ.get(SOCKET_ENV)
    if not path:
        _fallback(argv)
    manager = os.getppid()

    def fallback() -> NoReturn:
        # An ordinary kernel, unless whoever asked for one is gone (a stopped build):
        # then nobody would ever talk to it, and it would only be left running.
        if os.getppid() != manager:
            raise SystemExit(0)
        _fallback(argv)

    deadline = time.monotonic() + 60  # the preloader may still be importing
    preloader = int(os.environ.get(PRELOADER_PID_ENV) or 0)
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    while True:
        try:
            client.connect(path)
            break
        except ConnectionRefusedError:
            # The socket appears only once the preloader listens; refused means it has died
            # since. A dead preloader will never answer: become an ordinary kernel at once.
            fallback()
        except OSError:
            if time.monotonic() > deadline or (preloader and not pid_alive(preloader)):
                fallback()
            time.sleep(0.05)
    request = {
        "argv": argv,
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "launcher_pid": os.getpid(),
    }
    try:
        with client:
            client.sendall(json.dumps(request).encode() + b"\n")
            pid = int(_receive(client)["pid"])
    except (OSError, ValueError, KeyError):  # the preloader died while answering
        fallback()

    def forward(signum: int, frame: object) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)
        if signum != signal.SIGINT:  # interrupt is for the running cell; the rest end us too
            raise SystemExit(0)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(signum, forward)
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return 0
        if os.getppid() != manager:  # whoever started us is gone: take the kernel with us
            forward(signal.SIGTERM, None)
        time.sleep(0.1)


def can_preload() -> bool:
    """Whether preloaded kernels work here: they need fork() and Unix sockets (not on Windows)."""
    return hasattr(os, "fork") and hasattr(socket, "AF_UNIX")


class Preloader:
    """One preloader process for a whole run, shared by every worker (each fork is cheap).

    Use as a context manager; inside it, `env` holds what worker processes need (the socket
    and a JUPYTER_PATH with the preloaded kernelspec) and `kernel_name` is the kernel to ask for.
    """

    kernel_name = KERNEL_NAME

    def __init__(self, log_dir: Path | None = None) -> None:
        self.log_dir = log_dir

    def __enter__(self) -> Preloader:
        import subprocess
        import tempfile

        self.folder = Path(tempfile.mkdtemp(prefix=f"{FOLDER_PREFIX}{os.getpid()}-"))
        sock = self.folder / "preloader.sock"
        log = None
        if self.log_dir:  # the kernels' own warnings go there rather than to the terminal
            self.log_dir.mkdir(parents=True, exist_ok=True)
            log = (self.log_dir / "kernels.log").open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "analysis.report.kernels", "serve", str(sock)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
        )
        if log:
            log.close()
        paths = [str(kernelspec_dir(self.folder)), os.environ.get("JUPYTER_PATH", "")]
        self.env = {
            SOCKET_ENV: str(sock),
            PRELOADER_PID_ENV: str(self.process.pid),
            "JUPYTER_PATH": os.pathsep.join(p for p in paths if p),
        }
        return self

    def __exit__(self, *exc: object) -> None:
        import shutil
        import subprocess

        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def kernelspec_dir(base: Path) -> Path:
    """Write the kernelspec whose argv runs the launcher; return the JUPYTER_PATH entry."""
    folder = base / "kernels" / KERNEL_NAME
    folder.mkdir(parents=True, exist_ok=True)
    spec = {
        # This file run as a script: the launcher needs only the standard library, and
        # `-m analysis.report.kernels` would import the package first (pydantic and the
        # schema, about 0.2 s, before every kernel). -P keeps this folder off sys.path.
        "argv": [
            sys.executable,
            "-P",
            str(Path(__file__).resolve()),
            "launch",
            "-f",
            "{connection_file}",
        ],
        "display_name": "Python 3 (preloaded for the report build)",
        "language": "python",
        "interrupt_mode": "signal",
    }
    (folder / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    return base


def main(argv: list[str]) -> int:
    if argv[:1] == ["serve"] and len(argv) == 2:
        serve(argv[1])
        return 0
    if argv[:1] == ["launch"]:
        return launch(argv[1:])
    print(
        "usage: python -m analysis.report.kernels serve SOCKET | launch -f CONNECTION_FILE",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
