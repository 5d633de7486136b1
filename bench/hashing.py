#!/usr/bin/env python3
"""Sluice hashing a large file: SHA-256 throughput and event-loop lateness while it runs.

  bench/hashing.py --sluice build/src/app/sluice [--size-gib 5] [--runs 3]

Shares a sparse file (default 5 GiB; its pages are zeros the kernel hands out without a disk,
so this measures the hashing pass itself, not the disk), measures loop lateness with
--loop-stats from sharing until /<token>/<name>.sha256 answers, and a small download every
50 ms beside it. Target: loop lateness p99 <= 8 ms and max <= 16 ms while hashing.
"""
import argparse
import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

TARGET_P99_MS = 8.0
TARGET_MAX_MS = 16.0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_once(binary, size, work):
    path = os.path.join(work, "large.bin")
    with open(path, "wb") as f:
        f.truncate(size)
    log = os.path.join(work, "stderr.log")
    port = free_port()
    env = dict(os.environ, XDG_CACHE_HOME=os.path.join(work, "cache"))  # no cached digest
    with open(log, "w") as err:
        proc = subprocess.Popen([binary, "--headless", "--bind", "127.0.0.1", "--port", str(port),
                                 "--loop-stats", "--access-log", "/dev/null", "--blob", path],
                                stdout=subprocess.PIPE, stderr=err, env=env, text=True)
    try:
        link = proc.stdout.readline().strip()
        start = time.monotonic()
        os.kill(proc.pid, signal.SIGUSR1)  # starts measuring
        downloads = 0
        while True:
            try:
                with urllib.request.urlopen(link + ".sha256", timeout=10) as r:
                    digest = r.read().split()[0].decode()
                break
            except urllib.error.HTTPError as e:
                if e.code != 503:
                    raise
            request = urllib.request.Request(link, headers={"Range": "bytes=0-65535"})
            with urllib.request.urlopen(request, timeout=10) as r:
                r.read()
                downloads += 1
            time.sleep(0.05)
        seconds = time.monotonic() - start
        before = os.path.getsize(log)
        os.kill(proc.pid, signal.SIGUSR1)
        stats = None
        for _ in range(100):
            time.sleep(0.02)
            with open(log) as f:
                f.seek(before)
                m = re.search(r"p50_ms=([\d.]+) p99_ms=([\d.]+) max_ms=([\d.]+)", f.read())
            if m:
                stats = tuple(float(x) for x in m.groups())
                break
        return digest, seconds, stats, downloads
    finally:
        proc.terminate()
        proc.wait()
        os.remove(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sluice", required=True)
    parser.add_argument("--size-gib", type=float, default=5)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    size = int(args.size_gib * (1 << 30))
    print(f"| run | GiB | seconds | GiB/s | loop p50 ms | p99 ms | max ms | ranged GETs | target |")
    print(f"| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for run in range(1, args.runs + 1):
        with tempfile.TemporaryDirectory() as work:
            digest, seconds, stats, downloads = run_once(os.path.abspath(args.sluice), size, work)
        p50, p99, worst = stats or (float("nan"),) * 3
        met = stats is not None and p99 <= TARGET_P99_MS and worst <= TARGET_MAX_MS
        print(f"| {run} | {size / (1 << 30):.1f} | {seconds:.1f} | {size / (1 << 30) / seconds:.2f} "
              f"| {p50:.2f} | {p99:.2f} | {worst:.2f} | {downloads} | {'met' if met else 'NOT met'} |")


if __name__ == "__main__":
    main()
