"""Worker processes that end with their build: a process pool for batches of drawing, one forked process for
work whose memory should end with it.

Charts are drawn by the hundred; one process draws on one core,
so large batches of misses go to a pool.  A pool's workers otherwise keep drawing
(and holding the build's lock file) long after a SIGKILLed build, so every worker
is tied to the process that started it.
"""

from __future__ import annotations

import ctypes
import math
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection, Pipe
from typing import TypeVar

T = TypeVar("T")
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
PARENT_POLL = 0.5  # seconds between a watcher's looks at its parent


def worker_count(workers: int | None = None) -> int:
    """``workers``, or one per CPU core when None."""
    return max(1, workers or os.cpu_count() or 1)


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes, each ending when this process does, even a killed one."""
    # the workers are forked from this thread: a parent-death signal tied to it is only
    # right when it lives as long as the process (the main thread)
    on_main = threading.current_thread() is threading.main_thread()
    return ProcessPoolExecutor(max_workers=workers, initializer=end_with_parent, initargs=(os.getpid(), on_main))


def chunks(items: Sequence[T], workers: int, per_worker: int, largest: int) -> list[Sequence[T]]:
    """``items`` in order, in about ``per_worker`` chunks per worker of at most ``largest`` each."""
    size = min(largest, max(1, math.ceil(len(items) / (workers * per_worker))))
    return [items[start:start + size] for start in range(0, len(items), size)]


@dataclass
class Forked:
    """A process forked from this one to run one piece of work (:func:`fork`)."""

    pid: int
    pipe: Connection

    def result(self):
        """Wait for the work's result; its exception is raised here."""
        try:
            ok, value = self.pipe.recv()
        except Exception as exc:  # ended without its result (EOFError), or sent one that does not load here
            ok, value = False, RuntimeError(f"a forked process ended without its result: {type(exc).__name__}: {exc}")
        finally:
            self.pipe.close()
            os.waitpid(self.pid, 0)
        if ok:
            return value
        raise value

    def end(self) -> None:
        """Ask the work to stop (SIGTERM: work that handles it stops at its next check), wait until it has;
        its result unread."""
        self.pipe.close()  # a result sent from now on finds no reader: the child still ends
        try:
            os.kill(self.pid, signal.SIGTERM)
        except OSError:
            pass  # ended already
        os.waitpid(self.pid, 0)

    def stop(self) -> None:
        """End the process now, its result unread."""
        self.pipe.close()
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass  # ended already
        os.waitpid(self.pid, 0)


def fork(work: Callable[[], T]) -> Forked:
    """``work()`` started in a process forked from this one (POSIX only), which ends with this one.

    The child has the parent's whole state without pickling it; it sends back what
    ``work`` returned or raised and ends without running any of the parent's code.
    """
    reader, writer = Pipe(duplex=False)
    parent, on_main = os.getpid(), threading.current_thread() is threading.main_thread()
    pid = os.fork()
    if pid == 0:
        status = 0
        try:
            reader.close()
            end_with_parent(parent, on_main)  # a killed build takes its children (and their hold on its lock)
            try:
                outcome = (True, work())
            except BaseException as exc:  # raised by the parent
                outcome = (False, exc)
            try:
                writer.send(outcome)
            except Exception:  # a result or exception that does not pickle: its words still reach the parent
                writer.send((False, RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]}")))
        except BaseException:
            status = 1
        finally:
            os._exit(status)  # never the parent's code, atexit handlers or buffered output
    writer.close()
    return Forked(pid, reader)


def in_forked_child(work: Callable[[], T]) -> T:
    """``work()`` run in a process forked from this one: its result, or its exception raised here.

    For work whose memory should not stay with the build (reading and planning a large
    survey with pandas): what the child allocates is given back when it ends.  Without
    ``fork`` (not POSIX) the work runs here.
    """
    return fork(work).result() if hasattr(os, "fork") else work()


def end_with_parent(parent: int, forked_by_main_thread: bool) -> None:
    """Worker initializer: a worker ends when its build does.

    On Linux the kernel signals it when the parent dies (PR_SET_PDEATHSIG);
    elsewhere, or when the pool was made by a thread that may end first, a
    watcher thread polls the parent's pid.
    """
    if forked_by_main_thread and _parent_death_signal():
        if os.getppid() != parent:  # the parent died before the signal was armed
            os._exit(1)
        return
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _parent_death_signal() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return False
    return prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL)
    os._exit(1)
