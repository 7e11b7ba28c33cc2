"""Reads while ingest writes: web latency while POST /api/ingest adds articles.

A store with examples/ and the seeds (../shared/examples/seeds), a server on
loopback, two readers fetching /, /api/stories and /api/articles in a loop
while N short articles are posted half a second apart; prints the latency
percentiles, the slowest read and the count of 5xx.  The scenario of
tests/test_reliability.py's read-while-write test on a larger store; it uses
only the public app, so it also runs against older code for a baseline.

    python bench/bench_serve_concurrency.py [N]      # N ingests, default 8
"""

from __future__ import annotations

import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / ".." / "shared" / "examples" / "seeds"


def reads_while_ingesting(app: Any, *, writes: int, settle: Callable[[], None],
                          reader_timeout: float = 300) -> tuple[list[float], list[int]]:
    """Serve ``app`` on a free loopback port; two readers fetch /,
    /api/stories and /api/articles in a loop while ``writes`` short articles
    are posted to /api/ingest (token "t") half a second apart, then
    ``settle()`` waits for the last rebuild.  Returns the read latencies in
    seconds (sorted) and the status codes.  Shared with
    tests/test_reliability.py."""
    import httpx
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    latencies: list[float] = []
    statuses: list[int] = []
    stop = threading.Event()

    def reader() -> None:
        with httpx.Client(base_url=base, timeout=reader_timeout) as client:
            while not stop.is_set():
                for url in ("/", "/api/stories", "/api/articles"):
                    t0 = time.perf_counter()
                    statuses.append(client.get(url).status_code)
                    latencies.append(time.perf_counter() - t0)

    readers = [threading.Thread(target=reader) for _ in range(2)]
    for t in readers:
        t.start()
    try:
        with httpx.Client(base_url=base, timeout=reader_timeout) as client:
            for i in range(writes):
                body = (f"Ferry timetable changes number {i}\n\nThe island ferry will leave {i + 1} hours later "
                        "from next week, the operator said on Tuesday, citing crew shortages.").encode()
                r = client.post("/api/ingest", content=body, params={"name": f"f{i}.txt"},
                                headers={"Authorization": "Bearer t"})
                assert r.status_code == 201, r.text
                time.sleep(0.5)
        settle()
    finally:
        stop.set()
        for t in readers:
            t.join()
        server.should_exit = True
        thread.join(10)
    latencies.sort()
    return latencies, statuses


def main(argv: list[str]) -> int:
    from newsprism.config import load_config
    from newsprism.ingest import ingest_paths
    from newsprism.present.web import create_app
    from newsprism.provider import StoreProvider
    from newsprism.store import Store

    n = int(argv[0]) if argv else 8
    db = Path(tempfile.mkdtemp()) / "c.db"
    cfg = load_config(env={}).replace(serve__ingest_token="t", analyze__processes=1)
    with Store(db) as store:
        ingest_paths([str(ROOT / "examples"), str(SEEDS)], store=store, config=cfg)
    app = create_app(provider=StoreProvider(db, config=cfg), config=cfg)
    app.state.documents.get()  # the first document, before the clock starts
    latencies, statuses = reads_while_ingesting(app, writes=n, settle=lambda: time.sleep(8))  # the last rebuild
    pick = lambda q: latencies[int(q * (len(latencies) - 1))] * 1000  # noqa: E731
    print(f"{len(latencies)} reads while {n} ingests: p50 {pick(0.5):.0f} ms, p99 {pick(0.99):.0f} ms, "
          f"max {latencies[-1] * 1000:.0f} ms, {sum(s >= 500 for s in statuses)} 5xx")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
