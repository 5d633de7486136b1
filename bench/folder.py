#!/usr/bin/env python3
"""A shared folder's ZIP archive against a file of the same size, in the same run.

One Sluice (headless) shares a 1 GiB file and a folder of 1,024 files of 1 MiB; one client
downloads each in turn, five times, alternating. Reported: throughput (median, min-max) of each
and their ratio, the event loop's lateness during the archive downloads (--loop-stats), and
Sluice's anonymous memory (RssAnon) before, between and after the archive downloads.
Targets: archive >= 0.9x the file; loop lateness p99 <= 8 ms, max <= 16 ms; memory flat (at
most 4 MiB more after the last archive download than after the first). Exits 1 when one is missed.

  g++ -O2 -std=c++20 -o build/loadclient bench/loadclient.cpp   # once (bench/run.sh does it too)
  bench/folder.py --sluice build/src/app/sluice --loadclient build/loadclient [--runs 5]
Run it under the CPU lock on a shared machine.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402  (server wrapper, load client runner, loop stats, RssAnon)

MIB = bench.MIB
TARGET_RATIO = 0.9
TARGET_P99_MS = bench.LOOP_P99_TARGET_MS
TARGET_MAX_MS = bench.LOOP_MAX_TARGET_MS
FLAT_MEMORY_KIB = 4096


class SluiceShares(bench.Sluice):
    def __init__(self, work, binary, paths):
        super().__init__(work, work, binary)
        self.shared = paths

    def command(self):
        cmd = [self.binary, "--port", str(self.port), "--index", "--loop-stats", "--access-log",
               "/dev/null", "--headless", "--bind", "127.0.0.1"]
        return cmd + [x for p in self.shared for x in ("--blob", p)]


def generate(loadclient, path, size):
    subprocess.run([loadclient, "--generate", path, str(size)], check=True)


def wait_resumable(server, path, timeout=120):
    """The background CRC pass reads every member once; downloads are measured after it."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-r", "0-0",
                              f"http://127.0.0.1:{server.port}{server.paths[path]}"],
                             capture_output=True, text=True).stdout
        if out == "206":
            return True
        time.sleep(0.5)
    return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sluice", required=True)
    parser.add_argument("--loadclient", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--files", type=int, default=1024)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="sluice-folder-bench-")
    folder = os.path.join(work, "folder")
    os.makedirs(folder)
    big = os.path.join(work, "1g.bin")
    generate(args.loadclient, big, args.files * MIB)
    for i in range(args.files):
        generate(args.loadclient, os.path.join(folder, f"part{i:05d}.bin"), MIB)

    server = SluiceShares(work, args.sluice, [big, folder])
    server.start()
    try:
        if not wait_resumable(server, "folder.zip"):
            print("warning: the CRC pass did not finish")
        pid = server.sluice_pid()
        results = {"1g.bin": [], "folder.zip": []}
        loops = []
        memory = [bench.rss_anon_kib(pid)]
        for _ in range(args.runs):
            for name in ("1g.bin", "folder.zip"):
                if name == "folder.zip":
                    server.reset_loop_stats()
                result = bench.run_loadclient(args.loadclient, server, name, extra=["--no-verify"])
                bench.check_complete(server, result, 1)
                results[name].append(result["gib_per_s"])
                if name == "folder.zip":
                    loops.append(server.loop_stats())
                    memory.append(bench.rss_anon_kib(pid))
    finally:
        server.stop()

    def summary(values):
        return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"

    ratio = statistics.median(results["folder.zip"]) / statistics.median(results["1g.bin"])
    print(f"1 GiB file:                 {summary(results['1g.bin'])} GiB/s")
    print(f"1 GiB folder ({args.files} files): {summary(results['folder.zip'])} GiB/s")
    print(f"ratio archive/file:         {ratio:.2f} (target >= {TARGET_RATIO})")
    p99 = [x["p99"] for x in loops if x]
    worst = [x["max"] for x in loops if x]
    if p99:
        print(f"loop lateness during archive downloads: p99 {summary(p99)} ms, "
              f"max {summary(worst)} ms (targets {TARGET_P99_MS}/{TARGET_MAX_MS})")
    print("RssAnon (KiB) at start and after each archive download: "
          + " ".join(str(m) for m in memory))
    # Flat: after the first archive download (buffers and caches warmed), later ones add nothing
    # beyond allocator noise.
    growth_kib = max(memory[1:]) - memory[1] if len(memory) > 1 else 0
    print(f"memory growth after the first archive download: {growth_kib} KiB "
          f"(target <= {FLAT_MEMORY_KIB})")
    missed = []
    if ratio < TARGET_RATIO:
        missed.append("throughput ratio")
    if p99 and (max(p99) > TARGET_P99_MS or max(worst) > TARGET_MAX_MS):
        missed.append("loop lateness")
    if growth_kib > FLAT_MEMORY_KIB:
        missed.append("flat memory")
    print("targets: " + ("all met" if not missed else "missed: " + ", ".join(missed)))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
