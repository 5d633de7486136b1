#!/usr/bin/env python3
"""Bandwidth caps: how Sluice divides a capped upload between clients, beside nginx's limit_rate.

Three clients on loopback, each its own address: A (127.0.0.2) with 8 connections, B (127.0.0.3)
and C (127.0.0.4) with one each, all downloading a large file again and again, read as fast as
this script can. Per-client bytes are sampled every 100 ms; after a warm-up, a measured window.

  total:      Sluice --max-rate 200M. Target: each client 1/3 of the total +-10 %, the total
              >= 95 % of the cap. Beside it nginx with limit_rate 20m (the cap over 10
              connections, per connection: A gets 8/10).
  per-client: Sluice --max-client-rate 50M. Target: no client above 52.5 MiB/s averaged over any
              5 s of the window. Beside it nginx with limit_rate 50m (per connection: A gets 8x).
  uncapped:   the same clients without caps, this build against --baseline (a build without
              the limiter, e.g. main's): CPU per GiB and loop lateness must not rise.
Sluice's loop lateness comes from --loop-stats (SIGUSR1 starts and ends a measurement); target
p99 <= 8 ms and max <= 16 ms.

  bench/limits.py --sluice build/src/app/sluice [--baseline OTHER/sluice] [--runs 3]
"""
import argparse
import datetime
import os
import platform
import select
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402  (server wrappers, CPU and loop-stats readers)

MIB = bench.MIB
TOTAL_CAP = 200 * MIB
CLIENT_CAP = 50 * MIB
NGINX_TOTAL_PER_CONNECTION = TOTAL_CAP // 10
CLIENTS = [("A", "127.0.0.2", 8), ("B", "127.0.0.3", 1), ("C", "127.0.0.4", 1)]
TARGET_SHARE_TOLERANCE = 0.10
TARGET_TOTAL_FRACTION = 0.95
TARGET_CLIENT_CEILING = 52.5 * MIB
TARGET_P99_MS = bench.LOOP_P99_TARGET_MS
TARGET_MAX_MS = bench.LOOP_MAX_TARGET_MS
FILE_NAME = "limits.bin"
FILE_SIZE = 8 << 30  # sparse: the page cache serves holes without a disk


class SluiceCapped(bench.Sluice):
    def __init__(self, blob_dir, work, binary, extra, label):
        super().__init__(blob_dir, work, binary)
        self.extra = extra
        self.name = "Sluice" + label

    def command(self):
        return [self.binary, "--port", str(self.port), "--index", "--loop-stats", "--access-log",
                "/dev/null", "--headless", "--bind", "127.0.0.1", "--blob",
                os.path.join(self.blob_dir, FILE_NAME)] + self.extra


class NginxLimited(bench.Nginx):
    def __init__(self, blob_dir, work, rate):
        super().__init__(blob_dir, work, True)
        self.rate = rate
        self.name = f"nginx limit_rate {rate // MIB}m"
        self.http_directives = [f"limit_rate {rate};"]

    def resolve_paths(self):
        self.paths = {FILE_NAME: "/" + FILE_NAME}


class Downloader:
    """One connection that downloads the path again and again from a source address."""

    def __init__(self, source, port, path):
        self.source, self.port, self.path = source, port, path
        self.sock = None
        self.head_done = False
        self.head = b""

    def open(self, poller):
        self.sock = socket.socket()
        self.sock.bind((self.source, 0))
        self.sock.setblocking(True)
        self.sock.connect(("127.0.0.1", self.port))
        self.sock.sendall(f"GET {self.path} HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n".encode())
        self.sock.setblocking(False)
        self.head_done = False
        self.head = b""
        poller.register(self.sock.fileno(), select.EPOLLIN)

    def close(self, poller):
        poller.unregister(self.sock.fileno())
        self.sock.close()


def run_clients(port, path, seconds, on_sample):
    """Reads as fast as it can for `seconds`; calls on_sample(elapsed, {client: bytes}) every 100 ms."""
    poller = select.epoll()
    downloads = {}
    totals = {name: 0 for name, _, _ in CLIENTS}
    for name, source, count in CLIENTS:
        for _ in range(count):
            d = Downloader(source, port, path)
            d.open(poller)
            downloads[d.sock.fileno()] = (name, d)
    buffer = bytearray(1 << 20)
    view = memoryview(buffer)
    start = time.monotonic()
    next_sample = start
    while True:
        now = time.monotonic()
        if now >= next_sample:
            on_sample(now - start, dict(totals))
            next_sample += 0.1
            if now - start >= seconds:
                break
        for fd, _ in poller.poll(max(0.0, next_sample - time.monotonic())):
            name, d = downloads[fd]
            try:
                got = d.sock.recv_into(view)
            except BlockingIOError:
                continue
            if got == 0:  # the response ended: start another download
                del downloads[fd]
                d.close(poller)
                d.open(poller)
                downloads[d.sock.fileno()] = (name, d)
                continue
            if not d.head_done:
                d.head += bytes(view[:got])
                end = d.head.find(b"\r\n\r\n")
                if end < 0:
                    continue
                d.head_done = True
                got = len(d.head) - end - 4
            totals[name] += got
    for name, d in downloads.values():
        d.close(poller)
    poller.close()


def measure(server, warmup, seconds):
    samples = []
    started = {}

    def on_sample(elapsed, totals):
        if elapsed >= warmup and not started:
            started["cpu"] = bench.cpu_seconds(server.measured_pid())
            if server.is_sluice:
                server.reset_loop_stats()
        samples.append((elapsed, totals))

    run_clients(server.port, server.paths[FILE_NAME], warmup + seconds, on_sample)
    cpu = bench.cpu_seconds(server.measured_pid()) - started["cpu"]
    loop = server.loop_stats() if server.is_sluice else None
    window = [s for s in samples if s[0] >= warmup]
    (t0, first), (t1, last) = window[0], window[-1]
    span = t1 - t0
    rates = {name: (last[name] - first[name]) / span for name, _, _ in CLIENTS}
    total_bytes = sum(last[name] - first[name] for name, _, _ in CLIENTS)
    # The highest rate of each client over any 5 s of the window.
    worst5 = {}
    for name, _, _ in CLIENTS:
        best = 0.0
        for i, (ta, a) in enumerate(window):
            for tb, b in window[i:]:
                if tb - ta >= 5.0 - 1e-6:
                    best = max(best, (b[name] - a[name]) / (tb - ta))
                    break
        worst5[name] = best
    return {"rates": rates, "total": total_bytes / span, "max5": worst5,
            "cpu_per_gib": cpu / (total_bytes / bench.GIB) if total_bytes else 0.0, "loop": loop}


def run_on(server, warmup, seconds):
    server.start()
    try:
        return measure(server, warmup, seconds)
    finally:
        server.stop()


def mib(x):
    return f"{x / MIB:.1f}"


def share_row(label, r):
    total = r["total"]
    shares = " | ".join(f"{r['rates'][n] / total:.3f}" for n, _, _ in CLIENTS)
    loop = r["loop"]
    lat = f"{loop['p99']:.2f} / {loop['max']:.2f}" if loop else "-"
    return f"| {label} | {' | '.join(mib(r['rates'][n]) for n, _, _ in CLIENTS)} | {mib(total)} | {shares} | {lat} |"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sluice", required=True)
    parser.add_argument("--baseline", help="a Sluice build without the limiter, for the uncapped figures")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--no-nginx", action="store_true")
    parser.add_argument("--output", default=os.path.join(HERE, "results"))
    args = parser.parse_args()
    sluice = os.path.abspath(args.sluice)
    use_nginx = not args.no_nginx and shutil.which("nginx")

    work = tempfile.mkdtemp(prefix="sluice-limits-")
    os.chmod(work, 0o755)  # nginx's workers run unprivileged
    blob_dir = os.path.join(work, "blobs")
    os.makedirs(blob_dir)
    os.chmod(blob_dir, 0o755)
    with open(os.path.join(blob_dir, FILE_NAME), "wb") as f:
        f.truncate(FILE_SIZE)
    os.chmod(os.path.join(blob_dir, FILE_NAME), 0o644)

    setups = [("total", SluiceCapped(blob_dir, work, sluice, ["--max-rate", "200M"], " --max-rate 200M"))]
    if use_nginx:
        setups.append(("total", NginxLimited(blob_dir, work, NGINX_TOTAL_PER_CONNECTION)))
    setups.append(("client", SluiceCapped(blob_dir, work, sluice, ["--max-client-rate", "50M"],
                                          " --max-client-rate 50M")))
    if use_nginx:
        setups.append(("client", NginxLimited(blob_dir, work, CLIENT_CAP)))
    setups.append(("uncapped", SluiceCapped(blob_dir, work, sluice, [], " uncapped")))
    if args.baseline:
        setups.append(("uncapped", SluiceCapped(blob_dir, work, os.path.abspath(args.baseline), [],
                                                " uncapped, baseline build")))
    results = {id(s): [] for _, s in setups}
    for run in range(args.runs):
        for kind, server in setups:  # interleaved, so a slow spell does not land on one server
            r = run_on(server, args.warmup, args.seconds)
            results[id(server)].append(r)
            print(f"run {run + 1} {server.name}: " + ", ".join(
                f"{n} {mib(r['rates'][n])}" for n, _, _ in CLIENTS) + f", total {mib(r['total'])} MiB/s",
                flush=True)

    lines = []
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    commit = subprocess.run(["git", "-C", HERE, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    lines.append(f"# Bandwidth caps ({stamp}, {commit}, {platform.node()}, {os.cpu_count()} CPUs)\n")
    lines.append(f"`bench/limits.py --runs {args.runs} --warmup {args.warmup:g} --seconds {args.seconds:g}`; "
                 "clients A (8 connections), B and C (1 each), each its own loopback address; "
                 "rates in MiB/s over the measured window, one row per run.\n")
    verdicts = []

    lines.append("## Total cap 200 MiB/s\n")
    lines.append(f"Target: each client 1/3 of the total +-{TARGET_SHARE_TOLERANCE:.0%}, total >= "
                 f"{TARGET_TOTAL_FRACTION:.0%} of the cap; loop lateness p99 <= {TARGET_P99_MS:g} ms, "
                 f"max <= {TARGET_MAX_MS:g} ms.\n")
    lines.append("| server | A | B | C | total | A share | B share | C share | loop p99 / max ms |")
    lines.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for kind, server in setups:
        if kind != "total":
            continue
        for r in results[id(server)]:
            lines.append(share_row(server.name, r))
            if server.is_sluice:
                ok = all(abs(r["rates"][n] / r["total"] - 1 / 3) <= TARGET_SHARE_TOLERANCE / 3
                         for n, _, _ in CLIENTS) and r["total"] >= TARGET_TOTAL_FRACTION * TOTAL_CAP
                verdicts.append(("total cap: shares and total", ok))
                loop = r["loop"]
                verdicts.append(("total cap: loop lateness", bool(loop) and loop["p99"] <= TARGET_P99_MS
                                 and loop["max"] <= TARGET_MAX_MS))

    lines.append("\n## Per-client cap 50 MiB/s\n")
    lines.append(f"Target: no client above {TARGET_CLIENT_CEILING / MIB:g} MiB/s over any 5 s of the window.\n")
    lines.append("| server | A | B | C | total | A max 5 s | B max 5 s | C max 5 s | loop p99 / max ms |")
    lines.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for kind, server in setups:
        if kind != "client":
            continue
        for r in results[id(server)]:
            loop = r["loop"]
            lat = f"{loop['p99']:.2f} / {loop['max']:.2f}" if loop else "-"
            lines.append(f"| {server.name} | " + " | ".join(mib(r["rates"][n]) for n, _, _ in CLIENTS)
                         + f" | {mib(r['total'])} | " + " | ".join(mib(r["max5"][n]) for n, _, _ in CLIENTS)
                         + f" | {lat} |")
            if server.is_sluice:
                verdicts.append(("per-client cap: 5 s ceiling",
                                 max(r["max5"].values()) <= TARGET_CLIENT_CEILING))
                verdicts.append(("per-client cap: loop lateness", bool(loop) and loop["p99"] <= TARGET_P99_MS
                                 and loop["max"] <= TARGET_MAX_MS))

    lines.append("\n## Uncapped\n")
    lines.append("The same clients without caps (this script reads slower than Sluice sends, so "
                 "the figures compare servers on the same client, not Sluice's top speed).\n")
    lines.append("| server | total MiB/s | CPU s/GiB (median) | loop p99 / max ms (median) |")
    lines.append("| --- | --- | --- | --- |")
    for kind, server in setups:
        if kind != "uncapped":
            continue
        rs = results[id(server)]
        p99 = statistics.median(r["loop"]["p99"] for r in rs if r["loop"]) if any(r["loop"] for r in rs) else 0
        worst = statistics.median(r["loop"]["max"] for r in rs if r["loop"]) if any(r["loop"] for r in rs) else 0
        lines.append(f"| {server.name} | {mib(statistics.median(r['total'] for r in rs))} | "
                     f"{statistics.median(r['cpu_per_gib'] for r in rs):.3f} | {p99:.2f} / {worst:.2f} |")

    lines.append("\n## Verdicts\n")
    for label in dict.fromkeys(v[0] for v in verdicts):
        oks = [ok for l, ok in verdicts if l == label]
        lines.append(f"- {label}: {sum(oks)} of {len(oks)} runs met the target")
    report = "\n".join(lines) + "\n"
    os.makedirs(args.output, exist_ok=True)
    with open(os.path.join(args.output, "limits-latest.md"), "w") as f:
        f.write(report)
    print(report)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
