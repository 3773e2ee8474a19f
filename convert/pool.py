"""A process pool that keeps every job on a leash: a time limit, a memory ceiling, a parent it dies with.

:class:`SupervisedPool` is a ``concurrent.futures.Executor`` whose worker
processes each run one job at a time, so the parent always knows which job a
worker holds and since when. That is what lets one bad document fail alone:

- *time*: in the worker a timer raises :class:`JobTimeout` inside the job when
  its time is up; a worker that does not answer within a grace period after
  that (stuck in C code) is killed by the parent, and the job fails the same way;
- *memory*: each worker's address space is capped (``RLIMIT_AS``), so a job
  that needs more gets a ``MemoryError`` inside itself; the worker is then
  replaced, as its heap may be in any state;
- *a dying worker* (killed, out of memory, a crash in a C library) fails its
  own job with :class:`WorkerLost`; a new worker takes its place and the
  other jobs go on untouched;
- *a dying parent*: workers die with it (``PR_SET_PDEATHSIG`` on Linux, and
  everywhere a thread watching a pipe only the parent holds open);
- *an interrupt*: :meth:`SupervisedPool.interrupt` cancels what is queued and
  raises :class:`JobInterrupted` inside the running jobs, killing workers
  that do not stop within a second.

A job can mark a stretch that must not be cut in two (an output and its
manifest record) with :func:`uninterrupted`: a stop that arrives meanwhile is
raised at its end. Workers come from a fork server, so a worker started
while the parent runs threads (a progress bar) is still forked from a
single-threaded process.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait

try:
    import resource
except ImportError:  # not POSIX: no memory ceiling
    resource = None  # type: ignore[assignment]


@dataclass(frozen=True)
class Limits:
    """What one job may take: seconds of wall time and bytes of address space (None: no limit)."""

    timeout: float | None = None
    memory: int | None = None
    # How long a worker whose time is up has to answer before it is killed.
    grace: float = 5.0


class JobStopped(BaseException):
    """A job stopped from outside. A BaseException, so that no ``except Exception`` in a library swallows it."""


# The exceptions keep their constructor's arguments as ``args`` (so they
# cross a pipe intact) and make their message in ``__str__``.


class JobTimeout(JobStopped):
    """The job's time ran out (the argument: the limit in seconds)."""

    def __str__(self) -> str:
        return f"took longer than {self.args[0]:g} s"


class JobInterrupted(JobStopped):
    """The run was interrupted while the job ran."""

    def __str__(self) -> str:
        return "interrupted"


class WorkerLost(Exception):
    """The worker process running the job ended without an answer (the argument: its exit code)."""

    def __str__(self) -> str:
        code = self.args[0]
        if code is not None and code < 0:
            try:
                return f"its worker process died (killed by {signal.Signals(-code).name})"
            except ValueError:
                return f"its worker process died (killed by signal {-code})"
        return f"its worker process died (exit status {code})"


def memory_exceeded() -> str:
    """The reason to give for a ``MemoryError``, naming this process's ceiling if it has one."""
    ceiling = _address_space_limit()
    return f"needed more than {format_size(ceiling)} of memory" if ceiling else "ran out of memory"


def near_memory_ceiling() -> bool:
    """Whether this process's address space has come within 5 % of its ceiling (Linux; False elsewhere).

    A C library that cannot allocate does not always raise ``MemoryError``:
    some return an error Python reports as ``SystemError`` or worse. Such a
    failure near the ceiling is the ceiling's doing, and is reported so.
    """
    ceiling = _address_space_limit()
    if not ceiling:
        return False
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            peak = next((int(line.split()[1]) * 1024 for line in fh if line.startswith("VmPeak:")), 0)
    except OSError:
        return False
    return peak >= ceiling * 0.95


def format_size(size: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} bytes"


def parse_size(text: str) -> int | None:
    """Bytes from ``"2G"``, ``"512M"``, ``"1.5GiB"`` or a plain number of bytes; ``"0"`` means no limit (None)."""
    value = text.strip().upper().removesuffix("B").removesuffix("I")
    scale = 1
    if value and value[-1] in "KMGT":
        scale = 1 << (10 * ("KMGT".index(value[-1]) + 1))
        value = value[:-1]
    number = float(value)  # ValueError for anything else
    if number < 0:
        raise ValueError(text)
    return int(number * scale) or None


# --------------------------------------------------------------------------- inside a worker


class _Leash:
    """The worker side: the job's timer, its stop signals, and the stretches they must not cut."""

    def __init__(self) -> None:
        self.in_job = False
        self.stopping = False  # a stop was raised in this job: later signals are not raised again
        self.shielded = 0
        self.pending: JobStopped | None = None

    def install(self) -> None:
        self.seconds = 0.0
        signal.signal(signal.SIGALRM, lambda *_: self._stop(JobTimeout(self.seconds)))
        signal.signal(signal.SIGINT, lambda *_: self._stop(JobInterrupted()))
        signal.signal(signal.SIGTERM, lambda *_: self._stop(JobInterrupted()))

    def _stop(self, exc: JobStopped) -> None:
        if not self.in_job or self.stopping:
            return  # between jobs the parent decides; a job already stopping is not stopped twice
        if self.shielded:
            self.pending = self.pending or exc
            return
        self.stopping = True
        raise exc

    @contextmanager
    def job(self, seconds: float | None) -> Iterator[None]:
        self.in_job, self.stopping, self.pending = True, False, None
        self.seconds = seconds or 0.0
        if seconds:
            signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            self.in_job = False  # first, so that a timer going off now is ignored
            if seconds:
                signal.setitimer(signal.ITIMER_REAL, 0)

    @contextmanager
    def shield(self) -> Iterator[None]:
        self.shielded += 1
        try:
            yield
        finally:
            self.shielded -= 1
        if not self.shielded and self.pending is not None and not self.stopping:
            exc, self.pending, self.stopping = self.pending, None, True
            raise exc


_leash: _Leash | None = None  # set in worker processes only


@contextmanager
def uninterrupted() -> Iterator[None]:
    """Hold off a timeout or an interrupt until the block is done (a no-op outside a pool worker)."""
    if _leash is None:
        yield
        return
    with _leash.shield():
        yield


def _worker_main(conn: Connection, lifeline: Connection, limits: Limits,
                 initializer: Callable[..., object] | None, initargs: tuple) -> None:
    global _leash
    _die_with_parent(lifeline)
    _leash = _Leash()
    _leash.install()
    try:
        if limits.memory:
            _limit_address_space(limits.memory)
        if initializer is not None:
            initializer(*initargs)
    except BaseException as exc:
        conn.send(("broken", _picklable(exc)))
        return
    conn.send(("ready", None))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        fn, args, kwargs = message
        try:
            with _leash.job(limits.timeout):
                reply = ("done", fn(*args, **kwargs))
        except BaseException as exc:
            reply = ("raised", _picklable(exc))
        try:
            conn.send(reply)
        except Exception as exc:  # an answer that cannot be pickled
            conn.send(("raised", RuntimeError(f"cannot return the result: {type(exc).__name__}: {exc}")))
        if isinstance(reply[1], MemoryError):
            return  # a heap that ran out may be in any state: a fresh worker takes over


def _picklable(exc: BaseException) -> BaseException:
    if isinstance(exc, MemoryError):
        return MemoryError(memory_exceeded())
    try:
        pickle.dumps(exc)
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def _limit_address_space(size: int) -> None:
    if resource is None:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        size = min(size, hard)
    resource.setrlimit(resource.RLIMIT_AS, (size, hard))


def _address_space_limit() -> int | None:
    if resource is None:
        return None
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    return None if soft == resource.RLIM_INFINITY else soft


_PR_SET_PDEATHSIG = 1
_STARTS_BEFORE_GIVING_UP = 3


def _die_with_parent(lifeline: Connection) -> None:
    """End this worker when the process that made the pool ends, however it ends (even ``kill -9``).

    On Linux the kernel sends SIGKILL when the parent (here the fork server,
    which ends with the main process) dies, even while this process is deep
    in C code. Everywhere, a thread waits on a pipe whose other end only the
    main process holds: end of file means it is gone.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            parent = os.getppid()
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
            if os.getppid() != parent:  # the parent died before the request was in place
                os._exit(1)
        except OSError:
            pass

    def watch() -> None:
        try:
            lifeline.recv_bytes()
        except (EOFError, OSError):
            pass
        os._exit(1)

    threading.Thread(target=watch, name="lifeline", daemon=True).start()


# --------------------------------------------------------------------------- the parent side


@dataclass(eq=False)
class _Work:
    future: Future
    fn: Callable[..., object]
    args: tuple
    kwargs: dict
    running: bool = False  # its future is marked running (it may be queued again if a worker died on receipt)

    def start(self) -> bool:
        """Mark the future running; False if it was cancelled."""
        if not self.running:
            self.running = self.future.set_running_or_notify_cancel()
            return self.running
        return True

    def drop(self, reason: BaseException, *, cancel: bool) -> None:
        """Settle a job that will not run: cancelled (if ``cancel`` and it never started), else failed with ``reason``."""
        if cancel and not self.running and self.future.cancel():
            try:
                self.future.set_running_or_notify_cancel()  # wakes whoever waits on it
            except RuntimeError:
                pass  # they were woken already
            return
        if not self.future.done():
            self.future.set_exception(reason)


@dataclass(eq=False)
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    lifeline: Connection  # the parent's end; the worker watches for its closing
    ready: bool = False
    work: _Work | None = None
    kill_at: float | None = None  # when a busy worker is killed if it has not answered by then
    kill_reason: BaseException | None = None  # what its job fails with if it is killed then
    killed: bool = False


@dataclass(eq=False)
class _State:
    queue: deque[_Work] = field(default_factory=deque)
    workers: list[_Worker] = field(default_factory=list)
    shutdown: bool = False
    broken: BaseException | None = None
    failed_starts: int = 0  # workers in a row that died before they were ready


class SupervisedPool(Executor):
    """A process pool of ``workers`` processes, each job under ``limits`` (see the module docstring)."""

    def __init__(self, workers: int, limits: Limits = Limits(), initializer: Callable[..., object] | None = None,
                 initargs: tuple = (), *, preload: tuple[str, ...] = ()) -> None:
        self._max = max(1, workers)
        self._limits = limits
        self._initializer = initializer
        self._initargs = initargs
        self._ctx = _context(preload)
        self._state = _State()
        self._lock = threading.Lock()
        self._wake_r, self._wake_w = os.pipe()
        self._thread = threading.Thread(target=self._manage, name="pool-manager", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------------ Executor

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        with self._lock:
            if self._state.shutdown:
                raise RuntimeError("cannot submit to a pool that is shut down")
            if self._state.broken is not None:
                future.set_exception(self._state.broken)
                return future
            self._state.queue.append(_Work(future, fn, args, kwargs))
        self._wake()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._lock:
            self._state.shutdown = True
            if cancel_futures:
                self._cancel_queued()
        self._wake()
        if wait:
            self._thread.join()

    def interrupt(self, grace: float = 1.0) -> None:
        """Cancel queued jobs and stop running ones: :class:`JobInterrupted` inside them, a kill after ``grace``."""
        deadline = time.monotonic() + grace
        with self._lock:
            self._state.shutdown = True
            self._cancel_queued()
            for w in self._state.workers:
                if w.work is not None:
                    _signal(w.process, signal.SIGINT)
                    w.kill_at = min(w.kill_at or deadline, deadline)
                    w.kill_reason = JobInterrupted()
        self._wake()

    # ------------------------------------------------------------------ the manager thread

    def _manage(self) -> None:
        try:
            self._loop()
        except BaseException as exc:  # a fault here must not leave the caller waiting for ever
            with self._lock:
                self._state.broken = self._state.broken or exc
                for w in self._state.workers:
                    if w.work is not None:
                        w.work.drop(exc, cancel=False)
                        w.work = None
                self._dispatch()
            raise
        finally:
            self._close()

    def _loop(self) -> None:
        while True:
            with self._lock:
                self._dispatch()
                state = self._state
                if state.shutdown and not state.queue and all(w.work is None for w in state.workers):
                    return
                waits = [self._wake_r] + [w.process.sentinel for w in state.workers] + [w.conn for w in state.workers]
                timeout = self._until_next_kill()
            ready = wait(waits, timeout)
            with self._lock:
                if self._wake_r in ready:
                    os.read(self._wake_r, 4096)
                for w in list(self._state.workers):
                    if w.conn in ready:
                        self._answer(w)
                for w in list(self._state.workers):
                    if w.process.sentinel in ready:
                        self._bury(w)
                self._kill_overdue()

    def _dispatch(self) -> None:
        """Hand queued jobs to ready idle workers, starting workers while there are fewer than needed."""
        state = self._state
        if state.broken is not None:
            while state.queue:
                state.queue.popleft().drop(state.broken, cancel=False)
            return
        while state.queue and state.queue[0].future.cancelled():
            state.queue.popleft().start()  # which wakes whoever waits on it
        free = sum(1 for w in state.workers if w.work is None)  # idle, or starting
        while len(state.workers) < self._max and len(state.queue) > free:
            self._start_worker()
            free += 1
        for w in state.workers:
            if not state.queue:
                break
            if not w.ready or w.work is not None:
                continue
            work = state.queue.popleft()
            if not work.start():
                continue
            try:
                w.conn.send((work.fn, work.args, work.kwargs))
            except (BrokenPipeError, EOFError, ConnectionResetError):
                state.queue.appendleft(work)  # the worker died idle: the job goes to another
                w.ready = False
                continue
            except Exception as exc:  # the job's arguments cannot be pickled
                work.future.set_exception(exc)
                continue
            w.work = work
            if self._limits.timeout:
                w.kill_at = time.monotonic() + self._limits.timeout + self._limits.grace
                w.kill_reason = JobTimeout(self._limits.timeout)

    def _start_worker(self) -> None:
        parent_end, child_end = self._ctx.Pipe()
        life_read, life_write = self._ctx.Pipe(duplex=False)
        process = self._ctx.Process(
            target=_worker_main,
            args=(child_end, life_read, self._limits, self._initializer, self._initargs),
            name="briefpress-worker",
            daemon=True,
        )
        process.start()
        child_end.close()
        life_read.close()
        self._state.workers.append(_Worker(process, parent_end, life_write))

    def _answer(self, w: _Worker) -> None:
        try:
            kind, value = w.conn.recv()
        except (EOFError, OSError):
            return  # the worker is gone: its sentinel says so
        except Exception as exc:  # an answer that cannot be unpickled here
            kind, value = "raised", RuntimeError(f"cannot read the result: {type(exc).__name__}: {exc}")
        if kind == "ready":
            w.ready = True
            self._state.failed_starts = 0
        elif kind == "broken":  # the initializer failed: no worker of this pool can work
            self._state.broken = value
        elif w.work is not None:
            work, w.work, w.kill_at, w.kill_reason = w.work, None, None, None
            if kind == "done":
                work.future.set_result(value)
            else:
                work.future.set_exception(value)

    def _bury(self, w: _Worker) -> None:
        """A worker ended: take its last answer if it sent one, fail its job otherwise, forget it."""
        while w.work is not None and _has_data(w.conn):
            before = w.work
            self._answer(w)
            if w.work is before:
                break
        if w.work is not None:
            w.process.join()
            reason = w.kill_reason if w.killed else None
            w.work.future.set_exception(reason or WorkerLost(w.process.exitcode))
            w.work = None
        elif not w.ready and not self._state.shutdown:
            # Workers that keep dying before they are ready (a broken install)
            # would be replaced for ever: after a few, the pool gives up.
            self._state.failed_starts += 1
            if self._state.failed_starts >= _STARTS_BEFORE_GIVING_UP and self._state.broken is None:
                w.process.join()
                self._state.broken = WorkerLost(w.process.exitcode)
        w.conn.close()
        w.lifeline.close()
        self._state.workers.remove(w)

    def _kill_overdue(self) -> None:
        now = time.monotonic()
        for w in self._state.workers:
            if w.kill_at is not None and now >= w.kill_at and w.process.is_alive():
                _signal(w.process, signal.SIGKILL)
                w.kill_at, w.killed = None, True

    def _until_next_kill(self) -> float | None:
        times = [w.kill_at for w in self._state.workers if w.kill_at is not None]
        return max(0.0, min(times) - time.monotonic()) if times else None

    def _cancel_queued(self) -> None:
        while self._state.queue:
            self._state.queue.popleft().drop(JobInterrupted(), cancel=True)

    def _wake(self) -> None:
        try:
            os.write(self._wake_w, b"x")
        except OSError:
            pass

    def _close(self) -> None:
        """Send idle workers home and wait for them, killing any that linger."""
        with self._lock:
            workers = list(self._state.workers)
        for w in workers:
            try:
                w.conn.send(None)
            except (OSError, ValueError):
                pass
        for w in workers:
            w.process.join(timeout=5)
            if w.process.is_alive():
                _signal(w.process, signal.SIGKILL)
                w.process.join()
            w.conn.close()
            w.lifeline.close()
        os.close(self._wake_r)
        os.close(self._wake_w)


def _has_data(conn: Connection) -> bool:
    try:
        return conn.poll()
    except (EOFError, OSError):
        return False


def _signal(process: multiprocessing.process.BaseProcess, signum: int) -> None:
    if process.pid is not None:
        try:
            os.kill(process.pid, signum)
        except ProcessLookupError:
            pass


def _context(preload: tuple[str, ...]) -> multiprocessing.context.ForkServerContext | multiprocessing.context.SpawnContext:
    """A fork server where there is one (POSIX), else spawning; both start workers from a clean process."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        if preload:
            ctx.set_forkserver_preload(list(preload))
        return ctx
    return multiprocessing.get_context("spawn")
