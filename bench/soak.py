#!/usr/bin/env python3
"""A bounded soak: Sluice headless under steady mixed load on loopback for a fixed time.

Every cycle runs, at once: fast downloads, a burst of small ones, ranged requests, slow readers,
and clients that reset mid-transfer or never read. The server's anonymous RSS and open
descriptors are sampled throughout; the verdict compares the last minute with the first minute
after warm-up. Writes a markdown report to bench/results/.

    bench/soak.py --sluice build/src/app/sluice --loadclient build/loadclient [--minutes 10]
"""
import argparse
import datetime
import os
import platform
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def anonymous_rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("RssAnon:"):
                return int(line.split()[1])
    return -1


def open_descriptors(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def vanishing_clients(port, path, count, reset):
    """Clients that take a little of the body, then reset or simply stop reading and close."""
    sockets = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: soak\r\n\r\n".encode())
        sockets.append(s)
    for s in sockets:
        s.settimeout(5)
        try:
            s.recv(65536)
        except OSError:
            pass
        if reset:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        s.close()


def ranged_requests(port, path, count, size):
    for i in range(count):
        first = (i * 7919 * 4096) % (size - 65536)
        with socket.create_connection(("127.0.0.1", port)) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: soak\r\nRange: bytes={first}-{first + 65535}\r\n"
                      "Connection: close\r\n\r\n".encode())
            received = 0
            while chunk := s.recv(65536):
                received += len(chunk)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sluice", required=True)
    parser.add_argument("--loadclient", required=True)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--output", default=os.path.join(HERE, "results"))
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="sluice-soak-")
    blobs = {"256m.bin": 256 << 20, "1m.bin": 1 << 20}
    for name, size in blobs.items():
        subprocess.run([args.loadclient, "--generate", os.path.join(work, name), str(size)], check=True)
    command = [args.sluice, "--headless", "--port", "0", "--bind", "127.0.0.1", "--access-log", "/dev/null",
               "--stall-timeout", "5s"]
    for name in blobs:
        command += ["--blob", os.path.join(work, name)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    links = [server.stdout.readline().strip() for _ in blobs]
    port = int(links[0].split(":")[2].split("/")[0])
    paths = {name: "/" + link.split("/", 3)[3] for name, link in zip(blobs, links)}

    samples = []  # (seconds, rss KiB, descriptors)
    stop = threading.Event()

    def sample():
        start = time.monotonic()
        while not stop.is_set():
            samples.append((time.monotonic() - start, anonymous_rss_kib(server.pid), open_descriptors(server.pid)))
            stop.wait(5)

    sampler = threading.Thread(target=sample)
    sampler.start()
    deadline = time.monotonic() + args.minutes * 60
    cycles = 0
    failures = 0
    while time.monotonic() < deadline:
        jobs = [
            subprocess.Popen([args.loadclient, "--port", str(port), "--path", paths["256m.bin"], "--connections", "8",
                              "--timeout", "120"], stdout=subprocess.PIPE, text=True),
            subprocess.Popen([args.loadclient, "--port", str(port), "--path", paths["1m.bin"], "--connections", "300",
                              "--timeout", "120"], stdout=subprocess.PIPE, text=True),
            subprocess.Popen([args.loadclient, "--port", str(port), "--path", paths["256m.bin"], "--connections", "20",
                              "--rate", "2000000", "--timeout", "8"], stdout=subprocess.PIPE, text=True),
        ]
        threads = [
            threading.Thread(target=vanishing_clients, args=(port, paths["256m.bin"], 50, True)),
            threading.Thread(target=vanishing_clients, args=(port, paths["256m.bin"], 50, False)),
            threading.Thread(target=ranged_requests, args=(port, paths["256m.bin"], 100, blobs["256m.bin"])),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for index, job in enumerate(jobs):
            out, _ = job.communicate()
            # The rate-limited readers are cut off by their own timeout on purpose.
            if index < 2 and ('"verify_failures": 0' not in out or '"incomplete": 0' not in out):
                failures += 1
        cycles += 1
    stop.set()
    sampler.join()
    time.sleep(6)  # past the stall timeout: every connection of the last cycle is gone
    # Each share keeps its file open once it has been downloaded: one descriptor per blob may stay.
    idle_rss, idle_fds = anonymous_rss_kib(server.pid), open_descriptors(server.pid)
    server.terminate()
    server.wait(timeout=10)

    warm = [s for s in samples if 60 <= s[0] < 120] or samples[: max(1, len(samples) // 5)]
    last = [s for s in samples if s[0] >= samples[-1][0] - 60]
    warm_rss = max(s[1] for s in warm)
    last_rss = max(s[1] for s in last)
    flat = last_rss <= warm_rss * 1.1 + 8 * 1024 and failures == 0
    steady = flat and idle_fds <= samples[0][2] + len(blobs)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True,
                            text=True).stdout.strip()
    report = [
        f"# Soak: {args.minutes:g} minutes of mixed load",
        "",
        f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, commit {commit}, "
        f"{platform.node()}, {os.cpu_count()} cores. Command: `bench/soak.py --minutes {args.minutes:g}`.",
        "",
        "Each cycle: 8 × 256 MiB, 300 × 1 MiB, 20 readers at 2 MB/s cut off after 8 s, 50 resets and "
        "50 closes mid-transfer, 100 ranged GETs.",
        "",
        "| figure | value |",
        "| --- | --- |",
        f"| cycles | {cycles} |",
        f"| cycles with an incomplete or wrong download | {failures} |",
        f"| anonymous RSS, peak in minute 2 (KiB) | {warm_rss} |",
        f"| anonymous RSS, peak in the last minute (KiB) | {last_rss} |",
        f"| anonymous RSS after the load (KiB) | {idle_rss} |",
        f"| descriptors at the start / after the load | {samples[0][2]} / {idle_fds} |",
        f"| verdict | {'flat' if steady else 'GROWING'} |",
        "",
        "| t (s) | RSS (KiB) | descriptors |",
        "| --- | --- | --- |",
    ] + [f"| {t:.0f} | {rss} | {fds} |" for t, rss, fds in samples[:: max(1, len(samples) // 30)]]
    text = "\n".join(report) + "\n"
    print(text)
    os.makedirs(args.output, exist_ok=True)
    with open(os.path.join(args.output, "soak-latest.md"), "w") as out:
        out.write(text)
    return 0 if steady else 1


if __name__ == "__main__":
    sys.exit(main())
