#!/usr/bin/env python3
"""Sluice on cold and slow disks: how late the event loop runs while the file is read.

  cold:  the file's pages are evicted from the page cache (posix_fadvise DONTNEED) before each
         run; N clients download it at once. Beside it, the disk's own sequential cold read of
         the same file (dd, cache evicted, same run) and nginx with sendfile and, when Debian's
         nginx has threads, with "aio threads".
  slow:  the file sits on tests' slowfs FUSE helper, which adds --delay-ms to every read;
         N clients download it.
Sluice runs headless and, when xvfb-run is installed, as the window under Xvfb. Its loop
lateness comes from --loop-stats (SIGUSR1 starts and ends a measurement).
Targets: loop lateness p99 <= 8 ms and max <= 16 ms in both; cold throughput >= 0.9x dd.

  bench/disk.py --sluice build/src/app/sluice --loadclient build/loadclient \
                --slowfs build/tests/slowfs [--size-mib 1024] [--clients 4]
Heavy at the default sizes: run it on a machine nobody else is building on.
"""
import argparse
import datetime
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402  (the server wrappers, load client runner and loop-stats reader)

MIB = bench.MIB
TARGET_P99_MS = bench.LOOP_P99_TARGET_MS
TARGET_MAX_MS = bench.LOOP_MAX_TARGET_MS
TARGET_COLD_RATIO = 0.9


def evict(path):
    """Drops the file's clean pages from the page cache, so the next read comes from the disk."""
    subprocess.run(["sync"], check=False)
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def cold_dd(path):
    evict(path)
    start = time.monotonic()
    subprocess.run(["dd", f"if={path}", "of=/dev/null", "bs=1M"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.monotonic() - start
    return os.path.getsize(path) / seconds / bench.GIB


class SluiceFiles(bench.Sluice):
    """Sluice sharing the given files (bench.Sluice shares bench.BLOBS)."""

    def __init__(self, work, binary, files, window=False, label=""):
        super().__init__(os.path.dirname(files[0]), work, binary, window)
        self.files = files
        self.name += label

    def command(self):
        cmd = [self.binary, "--port", str(self.port), "--index", "--loop-stats", "--access-log",
               "/dev/null", "--max-connections", "20000"]
        if self.window:
            return ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24"] + cmd + self.files
        return cmd + ["--headless", "--bind", "127.0.0.1"] + [x for f in self.files for x in ("--blob", f)]


class NginxAio(bench.Nginx):
    """nginx reading with a thread pool (aio threads), so its event loop does not wait either."""

    def __init__(self, blob_dir, work):
        super().__init__(blob_dir, work, True)
        self.name = "nginx (sendfile on, aio threads)"
        self.http_directives = ["aio threads;"]


def nginx_has_threads():
    if not shutil.which("nginx"):
        return False
    out = subprocess.run(["nginx", "-V"], capture_output=True, text=True).stderr
    return "--with-threads" in out


def measure(ctx, server, name, clients, evict_path):
    evict(evict_path)
    if server.is_sluice:
        server.reset_loop_stats()
    result = bench.with_cpu(server, lambda: bench.run_loadclient(ctx.loadclient, server, name, clients))
    bench.check_complete(server, result, clients)
    if server.is_sluice:
        result["loop"] = server.loop_stats()
    return result


class SlowMount:
    def __init__(self, slowfs, backing, work, delay_ms):
        self.mount_point = os.path.join(work, "slow-mnt")
        self.control = os.path.join(work, "slow-control")
        os.makedirs(self.mount_point, exist_ok=True)
        os.makedirs(self.control, exist_ok=True)
        self.log = open(os.path.join(work, "slowfs.log"), "a")
        self.proc = subprocess.Popen(
            [slowfs, self.mount_point, f"--backing={backing}", f"--control={self.control}",
             f"--name={os.path.basename(backing)}", f"--delay-ms={delay_ms}", "-f", "-o",
             "auto_unmount"], stdout=self.log, stderr=self.log)
        self.file = os.path.join(self.mount_point, os.path.basename(backing))
        deadline = time.time() + 10
        while not os.path.exists(self.file):
            if time.time() > deadline or self.proc.poll() is not None:
                self.close()
                raise RuntimeError("slowfs did not mount (see slowfs.log)")
            time.sleep(0.05)

    def close(self):
        subprocess.run(["fusermount3", "-u", "-z", self.mount_point], check=False,
                       stderr=subprocess.DEVNULL)
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def row(label, result, dd=None):
    loop = result.get("loop") or {}
    ratio = f"{result.get('gib_per_s', 0) / dd:.2f}x" if dd else ""
    p99 = f"{loop['p99']:.2f}" if loop else "-"
    worst = f"{loop['max']:.2f}" if loop else "-"
    cpu = result.get("cpu_per_gib")
    cpu_text = f"{cpu:.2f}" if cpu is not None else "-"
    return (f"| {label} | {result.get('ok', 0)}/{result.get('connections', 0)} | "
            f"{result.get('gib_per_s', 0):.3f} | {ratio} | {p99} | {worst} | {cpu_text} |")


def verdict(result, dd=None):
    loop = result.get("loop") or {}
    good = bool(loop) and loop["p99"] <= TARGET_P99_MS and loop["max"] <= TARGET_MAX_MS
    if dd:
        good = good and result.get("gib_per_s", 0) >= TARGET_COLD_RATIO * dd
    return "met" if good else "missed"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sluice", required=True)
    parser.add_argument("--loadclient", required=True)
    parser.add_argument("--slowfs", required=True, help="tests' FUSE helper (build/tests/slowfs)")
    parser.add_argument("--size-mib", type=int, default=1024, help="the cold file")
    parser.add_argument("--slow-size-mib", type=int, default=64, help="the file on slowfs")
    parser.add_argument("--delay-ms", type=int, default=20, help="added to every slowfs read")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--dir", default="/var/tmp", help="on the disk to measure (not tmpfs)")
    parser.add_argument("--output", default=os.path.join(HERE, "results"))
    ctx = parser.parse_args()
    bench.raise_fd_limit()

    work = tempfile.mkdtemp(prefix="sluice-disk-", dir=ctx.dir)
    os.chmod(work, 0o755)
    blob_dir = os.path.join(work, "blobs")
    os.makedirs(blob_dir, mode=0o755)
    cold_name = "cold.bin"
    cold_path = os.path.join(blob_dir, cold_name)
    slow_backing = os.path.join(work, "slow.bin")
    subprocess.run([ctx.loadclient, "--generate", cold_path, str(ctx.size_mib * MIB)], check=True)
    subprocess.run([ctx.loadclient, "--generate", slow_backing, str(ctx.slow_size_mib * MIB)], check=True)
    os.chmod(cold_path, 0o644)

    bench.BLOBS = {cold_name: ctx.size_mib * MIB}  # the paths the peers serve
    window = shutil.which("xvfb-run") is not None
    cold_servers = [SluiceFiles(work, ctx.sluice, [cold_path])]
    if window:
        cold_servers.append(SluiceFiles(work, ctx.sluice, [cold_path], window=True))
    if shutil.which("nginx"):
        cold_servers.append(bench.Nginx(blob_dir, work, True))
        if nginx_has_threads():
            cold_servers.append(NginxAio(blob_dir, work))

    lines = []
    mount = None
    slow_servers = []
    try:
        dd = cold_dd(cold_path)
        print(f"== dd cold read: {dd:.3f} GiB/s", flush=True)
        cold = []
        for server in cold_servers:
            server.start()
            cold.append((server.name, measure(ctx, server, cold_name, ctx.clients, cold_path)))
            server.stop()
            print(f"== cold, {server.name}: {cold[-1][1]}", flush=True)
        dd_after = cold_dd(cold_path)  # the disk's speed can drift: the mean of before and after
        dd = (dd + dd_after) / 2

        mount = SlowMount(ctx.slowfs, slow_backing, work, ctx.delay_ms)
        slow_servers = [SluiceFiles(work, ctx.sluice, [mount.file], label=" on slowfs")]
        if window:
            slow_servers.append(SluiceFiles(work, ctx.sluice, [mount.file], window=True, label=" on slowfs"))
        slow = []
        for server in slow_servers:
            server.start()
            slow.append((server.name, measure(ctx, server, os.path.basename(mount.file), ctx.clients, mount.file)))
            server.stop()
            print(f"== slow, {server.name}: {slow[-1][1]}", flush=True)
    finally:
        for server in cold_servers + slow_servers:
            server.stop()
        if mount:
            mount.close()
        shutil.rmtree(work, ignore_errors=True)

    commit = subprocess.run(["git", "-C", HERE, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    command = " ".join(["bench/disk.py"] + sys.argv[1:])
    lines.append(f"# Disk benchmark at {commit}, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC")
    lines.append("")
    lines.append(f"Command: `{command}`")
    lines.append(f"Machine: {platform.node()}, {os.cpu_count()} CPUs, kernel {platform.release()}; "
                 f"files in {ctx.dir}")
    lines.append("")
    lines.append(f"Targets: loop lateness p99 <= {TARGET_P99_MS:g} ms and max <= {TARGET_MAX_MS:g} ms; "
                 f"cold throughput >= {TARGET_COLD_RATIO:g}x the disk's own cold dd read.")
    lines.append("")
    lines.append(f"## Cold: {ctx.clients} clients x {ctx.size_mib} MiB, page cache evicted first")
    lines.append("")
    lines.append(f"dd of the same file, cache evicted: {dd:.3f} GiB/s (mean of a read before and after)")
    lines.append("")
    lines.append("| server | complete | GiB/s | x dd | loop p99 ms | loop max ms | CPU s/GiB |")
    lines.append("|---|---|---|---|---|---|---|")
    for name, result in cold:
        lines.append(row(name, result, dd))
    lines.append("")
    for name, result in cold:
        if "Sluice" in name:
            lines.append(f"- {name}: targets {verdict(result, dd)}")
    lines.append("")
    lines.append(f"## Slow media: slowfs adding {ctx.delay_ms} ms to every read, {ctx.clients} clients x "
                 f"{ctx.slow_size_mib} MiB")
    lines.append("")
    lines.append("| server | complete | GiB/s | | loop p99 ms | loop max ms | CPU s/GiB |")
    lines.append("|---|---|---|---|---|---|---|")
    for name, result in slow:
        lines.append(row(name, result))
    lines.append("")
    for name, result in slow:
        lines.append(f"- {name}: lateness targets {verdict(result)}")
    report = "\n".join(lines) + "\n"
    print(report)
    os.makedirs(ctx.output, exist_ok=True)
    with open(os.path.join(ctx.output, "disk-latest.md"), "w") as f:
        f.write(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
