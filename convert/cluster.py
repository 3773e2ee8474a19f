"""The batch on a Dask cluster: the same per-document job, through ``Client.get_executor``.

``briefpress convert … --cluster local:N`` starts a ``LocalCluster`` of N
worker processes (one thread each) for the run and stops it after;
``--scheduler tcp://HOST:8786`` connects to a running cluster, whose workers
have ``briefpress[dask]`` installed. Either way the batch gets a
``concurrent.futures.Executor`` (:class:`DaskExecutor`) and submits
:func:`convert.batch.run_job` to it exactly as to the local pool, so the
progress bar, summary, exit codes and manifest are the runner's own.

- ``pure=False``: two jobs with equal arguments are still two tasks (Dask
  would otherwise merge identical calls into one key).
- ``retries``: a job whose task raises is tried again on a worker. A job
  never raises for a bad document (the reason is in its result); what is left
  is a worker's trouble, such as memory. A worker that dies mid-job (killed,
  out of memory) is the scheduler's business: it gives the job to another
  worker, up to ``distributed.scheduler.allowed-failures`` times (3), then
  fails it with ``KilledWorker``.
- Workers load the renderers once, through a worker plugin
  (:class:`WarmUp`) that runs :func:`convert.batch.warm_up` when a worker
  starts — a replacement for a dead one too.
- ``--timeout`` and ``--max-memory`` are the local pool's: on a
  ``LocalCluster`` the memory ceiling becomes each worker's
  ``memory_limit`` (its nanny restarts a worker past it); the time limit is
  not enforced on a cluster.

Dask is imported only here, and only when one of the two options is given:
without the extra, they fail in one line naming it.
"""

from __future__ import annotations

import logging
import weakref
from concurrent.futures import Executor, Future
from collections.abc import Callable
from typing import Any



def _plugin_base() -> Any:
    try:
        from distributed.diagnostics.plugin import WorkerPlugin
    except ImportError:  # the extra is not installed: WarmUp is then never used
        return object
    return WorkerPlugin


_WorkerPlugin: Any = _plugin_base()

#: Times a job whose task raised is tried again.
RETRIES = 2

MISSING = "--cluster and --scheduler need Dask: pip install 'briefpress[dask]'"


class ClusterError(ValueError):
    """The cluster cannot be used (no Dask, a bad spec, a scheduler that does not answer); one line."""


def local_workers(spec: str) -> int:
    """The N of ``--cluster local:N``, or :class:`ClusterError`."""
    kind, _, count = spec.partition(":")
    if kind != "local" or not count.isdigit() or int(count) < 1:
        raise ClusterError(f"--cluster: {spec!r} is not local:N (N worker processes on this machine, such as local:4)")
    return int(count)


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise ClusterError(MISSING) from None
    return distributed


class WarmUp(_WorkerPlugin):
    """Load the renderers once in each worker, as the local pool's initializer does."""

    name = "briefpress-warm-up"

    def __init__(self, formats: list[str], options: Any = None) -> None:
        self.formats = list(formats)
        self.options = options  # (its engines: --pdf-engine typst loads Typst, not WeasyPrint)

    def setup(self, worker: object) -> None:
        from .batch import warm_up

        warm_up(self.formats, self.options)


class DaskExecutor(Executor):
    """A Dask client's executor for one batch, closing the client (and the cluster it started) at shutdown."""

    def __init__(self, client: Any, cluster: Any = None, *, retries: int = RETRIES) -> None:
        self.client = client
        self.cluster = cluster
        self._executor = client.get_executor(pure=False, retries=retries)
        self._futures: weakref.WeakSet[Future] = weakref.WeakSet()  # (the runner drops a future once settled)
        self._closed = False
        self._lost_before = self._lost()

    def _lost(self) -> int:
        """How many times a job was running on a worker that died, as the scheduler counts them (all clients')."""
        try:
            # (a lambda travels by value: the scheduler need not have briefpress installed)
            return int(self.client.run_on_scheduler(
                lambda dask_scheduler: getattr(dask_scheduler.task_prefixes.get("run_job"), "suspicious", 0)))
        except Exception:  # a scheduler that refuses run_on_scheduler: the count is not shown
            return 0

    def retried(self) -> int:
        """Jobs given to another worker since this executor began, because the worker running them died."""
        return max(0, self._lost() - self._lost_before)

    @property
    def worker_count(self) -> int:
        """The worker threads the cluster has now (what the summary calls workers)."""
        info = self.client.scheduler_info(n_workers=-1) if _takes_n_workers(self.client) else self.client.scheduler_info()
        return sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()) or 1

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future:
        future = self._executor.submit(fn, *args, **kwargs)
        self._futures.add(future)
        return future

    def interrupt(self) -> None:
        """Cancel every job not finished (a running task is not stopped: its result is dropped)."""
        for future in list(self._futures):
            future.cancel()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if cancel_futures:
            self.interrupt()
        if self._closed:
            return
        self._closed = True
        try:
            self._executor.shutdown(wait=wait and not cancel_futures)
        finally:
            self.client.close()
            if self.cluster is not None:
                self.cluster.close()


def _takes_n_workers(client: Any) -> bool:
    import inspect

    return "n_workers" in inspect.signature(client.scheduler_info).parameters


def open_executor(formats: list[str], *, cluster: str | None = None, scheduler: str | None = None,
                  memory: int | None = None, options: Any = None) -> DaskExecutor:
    """A :class:`DaskExecutor` on a new ``LocalCluster`` (``cluster="local:N"``) or a running scheduler."""
    distributed = _distributed()
    local = None
    try:
        if cluster is not None:
            local = distributed.LocalCluster(
                n_workers=local_workers(cluster),
                threads_per_worker=1,  # (WeasyPrint holds the GIL: one document per process)
                processes=True,
                memory_limit=memory or "auto",
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = distributed.Client(local)
        else:
            client = distributed.Client(scheduler, timeout="30s")
    except ClusterError:
        raise
    except (OSError, TimeoutError) as exc:
        if local is not None:
            local.close()
        raise ClusterError(f"{scheduler or cluster}: cannot reach the Dask scheduler ({exc})") from None
    client.register_plugin(WarmUp(formats, options))
    return DaskExecutor(client, local)


def check_available(cluster: str | None) -> None:
    """:class:`ClusterError` now, before any document runs, when Dask is missing or ``--cluster`` is malformed."""
    if cluster is not None:
        local_workers(cluster)
    _distributed()


def executor_factory(*, cluster: str | None, scheduler: str | None,
                     memory: int | None, options: Any = None) -> Callable[[int, list[str]], Executor]:
    """What :class:`convert.runner.BatchRun` calls for its executor: the Dask one, started when jobs need it.

    ``options`` (the batch's render options) name the engines the workers load as they start.
    """

    def make(workers: int, formats: list[str]) -> Executor:
        return open_executor(formats, cluster=cluster, scheduler=scheduler, memory=memory, options=options)

    return make
