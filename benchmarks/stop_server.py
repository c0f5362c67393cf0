"""Stop a `mkdocs serve` a benchmark started, the way Ctrl-C does.

MkDocs serves from a temporary site folder and removes it when it stops on Ctrl-C
(``KeyboardInterrupt``); a process ended with SIGTERM leaves it behind, about 66 MB per
1000-table run in ``/tmp``.
"""

from __future__ import annotations

import signal
import subprocess


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Interrupt ``process`` and wait for it; kill it if it has not stopped within 30 s."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
