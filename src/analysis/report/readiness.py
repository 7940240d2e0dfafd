"""A kernel manager for the build whose clients call a kernel ready as soon as it answers.

jupyter_client's `wait_for_ready` ends by draining IOPub until it has been quiet for 0.2 s: a
fixed wait before every notebook (61 in the default report). nbclient reads each cell's output by
its parent message id, so a stale status message left on IOPub is never taken for output; the
drain buys nothing here. This client's `wait_for_ready` (the public method, written with public
calls only) asks for kernel_info until the reply comes on the shell channel and a message arrives
on IOPub (so that IOPub is connected), as jupyter_client's does, and stops there.
"""

from __future__ import annotations

import time
from queue import Empty

from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import Type


class ReadyKernelClient(AsyncKernelClient):
    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                pass
            else:
                if reply["msg_type"] == "kernel_info_reply":
                    try:  # IOPub connected: the kernel's status for that request arrives
                        await self.iopub_channel.get_msg(timeout=0.2)
                    except Empty:
                        pass
                    else:
                        return
            if not await self.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")


class ReadyKernelManager(AsyncKernelManager):
    """nbclient's default kernel manager with the client above."""

    client_factory = Type(klass=AsyncKernelClient, default_value=ReadyKernelClient)
