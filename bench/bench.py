#!/usr/bin/env python3
"""Sluice side-by-side benchmark: every workload against Sluice and every peer in the same run.

Run through bench/run.sh, which installs the peers and builds what this needs. Loopback only.
Each figure is measured --repeat times and printed as median (min-max), with Sluice's ratio to
the best peer. Absolute numbers are context; the ratios are the result.
"""
import argparse
import datetime
import html
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GIB = 1 << 30
MIB = 1 << 20
# Event-loop lateness targets every benchmark holds Sluice to.
LOOP_P99_TARGET_MS = 8.0
LOOP_MAX_TARGET_MS = 16.0
RSS_GUARD_KIB = 6 * 1024 * 1024
SLOW_READERS = 50
SLOW_READER_RATE = 102400  # bytes per second each
BLOBS = {"1g.bin": GIB, "64m.bin": 64 * MIB, "1m.bin": MIB, "4k.bin": 4096}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=15.0, host="127.0.0.1"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def process_tree(pid):
    pids = [pid]
    try:
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
        for child in out.split():
            pids += process_tree(int(child))
    except OSError:
        pass
    return pids


def cpu_seconds(pid):
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except OSError:
            pass
    return total


def rss_anon_kib(pid, pids=None):
    # `pids`: the process tree looked up once, for sampling in a loop (pgrep forks and scans /proc).
    total = 0
    for p in pids if pids is not None else process_tree(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("RssAnon:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


class Server:
    name = "?"
    is_sluice = False

    def __init__(self, blob_dir, work):
        self.blob_dir = blob_dir
        self.work = work
        self.port = free_port()
        self.proc = None
        self.host = "127.0.0.1"  # the address it listens on
        self.prefix = []  # run the command through this (e.g. ip netns exec NS)

    def command(self):
        raise NotImplementedError

    def environment(self):
        return None

    def start(self):
        self.log = open(os.path.join(self.work, f"{self.slug()}.log"), "a")
        # A session of its own, so that stop() ends wrappers (xvfb-run) and what they started.
        self.proc = subprocess.Popen(self.prefix + self.command(), stdout=subprocess.PIPE, stderr=self.log,
                                     env=self.environment(), preexec_fn=raise_fd_limit, text=True,
                                     start_new_session=True)
        if not wait_for_port(self.port, host=self.host):
            raise RuntimeError(f"{self.name} did not start")
        self.resolve_paths()

    def resolve_paths(self):
        self.paths = {name: "/" + name for name in BLOBS}

    def stop(self):
        if not self.proc:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        except ProcessLookupError:
            pass
        # Wait until the port is free again, so that a restart cannot reach the old process.
        deadline = time.time() + 10
        while time.time() < deadline and wait_for_port(self.port, timeout=0.1, host=self.host):
            time.sleep(0.1)

    def restart(self):
        self.stop()
        self.log.close()
        self.start()

    def slug(self):
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")

    def loop_stats(self):
        return None

    def measured_pid(self):
        return self.proc.pid


class Sluice(Server):
    is_sluice = True

    def __init__(self, blob_dir, work, binary, window=False):
        super().__init__(blob_dir, work)
        self.binary = binary
        self.window = window
        self.name = "Sluice (window, Xvfb)" if window else "Sluice"

    def command(self):
        files = [os.path.join(self.blob_dir, name) for name in BLOBS]
        cmd = [self.binary, "--port", str(self.port), "--index", "--loop-stats", "--access-log", "/dev/null",
               "--max-connections", "20000"]
        if self.window:
            return ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24"] + cmd + files
        return cmd + ["--headless", "--bind", self.host] + [x for f in files for x in ("--blob", f)]

    def environment(self):
        env = dict(os.environ)
        env["XDG_CONFIG_HOME"] = os.path.join(self.work, "config")  # default settings, not the user's
        env["QT_LOGGING_RULES"] = "sluice.*.info=false"
        return env

    def resolve_paths(self):
        page = urllib.request.urlopen(f"http://{self.host}:{self.port}/").read().decode()
        # The index links to each share's page, "/<token>/"; the file is the page's folder
        # followed by its name.
        self.paths = {}
        for href, name in re.findall(r'<a href="(/[^"/]+/)"[^>]*>([^<]+)</a>', page):
            name = html.unescape(name)
            self.paths[name] = href + urllib.parse.quote(name)

    def sluice_pid(self):
        for pid in process_tree(self.proc.pid):
            try:
                with open(f"/proc/{pid}/comm") as f:
                    if f.read().strip() == "sluice":
                        return pid
            except OSError:
                pass
        return self.proc.pid

    def measured_pid(self):
        # Sluice alone: under xvfb-run the X server's own memory and CPU are not Sluice's.
        return self.sluice_pid()

    def reset_loop_stats(self):
        os.kill(self.sluice_pid(), signal.SIGUSR1)  # starts measuring

    def loop_stats(self):
        log = os.path.join(self.work, f"{self.slug()}.log")
        before = os.path.getsize(log)
        os.kill(self.sluice_pid(), signal.SIGUSR1)
        for _ in range(100):
            time.sleep(0.02)
            with open(log) as f:
                f.seek(before)
                m = re.search(r"loop-stats: samples=(\d+) p50_ms=([\d.]+) p99_ms=([\d.]+) max_ms=([\d.]+)", f.read())
            if m:
                return {"p50": float(m.group(2)), "p99": float(m.group(3)), "max": float(m.group(4))}
        return None


class Nginx(Server):
    def __init__(self, blob_dir, work, sendfile):
        super().__init__(blob_dir, work)
        self.sendfile = sendfile
        self.name = f"nginx (sendfile {'on' if sendfile else 'off'})"
        self.http_directives = []  # extra lines for the http block (a variant's settings)

    def command(self):
        prefix = os.path.join(self.work, self.slug())
        os.makedirs(os.path.join(prefix, "logs"), exist_ok=True)
        conf = os.path.join(prefix, "nginx.conf")
        extra = "".join(f"  {line}\n" for line in self.http_directives)
        with open(conf, "w") as f:
            f.write(f"""worker_processes 1;
worker_rlimit_nofile 65536;
error_log {prefix}/logs/error.log;
pid {prefix}/nginx.pid;
daemon off;
events {{ worker_connections 20000; }}
http {{
  access_log off;
  sendfile {'on' if self.sendfile else 'off'};
{extra}  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path {prefix}/body; proxy_temp_path {prefix}/proxy; fastcgi_temp_path {prefix}/fcgi;
  uwsgi_temp_path {prefix}/uwsgi; scgi_temp_path {prefix}/scgi;
  server {{ listen {self.host}:{self.port} backlog=4096; root {self.blob_dir}; }}
}}
""")
        return ["nginx", "-c", conf, "-p", prefix]


class Lighttpd(Server):
    name = "lighttpd"

    def command(self):
        conf = os.path.join(self.work, "lighttpd.conf")
        with open(conf, "w") as f:
            f.write(f"""server.document-root = "{self.blob_dir}"
server.bind = "{self.host}"
server.port = {self.port}
server.max-fds = 65536
server.max-connections = 20000
server.max-keep-alive-requests = 1000000
server.listen-backlog = 4096
server.errorlog = "{self.work}/lighttpd-error.log"
""")
        return ["lighttpd", "-D", "-f", conf]


class H2o(Server):
    name = "h2o"

    def command(self):
        conf = os.path.join(self.work, "h2o.conf")
        with open(conf, "w") as f:
            f.write(f"""listen:
  host: {self.host}
  port: {self.port}
num-threads: 1
max-connections: 20000
error-log: {self.work}/h2o-error.log
hosts:
  default:
    paths:
      /:
        file.dir: {self.blob_dir}
""")
        return ["h2o", "-c", conf]


class Tornado(Server):
    name = "Tornado recipe"

    def command(self):
        return ["/usr/bin/python3", os.path.join(HERE, "tornado_blob.py"), f"--root={self.blob_dir}",
                f"--port={self.port}", f"--address={self.host}", "--logging=none"]


def run_loadclient(loadclient, server, path, connections=1, extra=(), timeout=600):
    cmd = [loadclient, "--host", server.host, "--port", str(server.port), "--path", server.paths[path], "--connections",
           str(connections), "--timeout", str(timeout)] + list(extra)
    out = subprocess.run(cmd, capture_output=True, text=True, preexec_fn=raise_fd_limit).stdout
    lines = [line for line in out.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {}


def check_complete(server, result, expected):
    if result.get("ok", 0) != expected:
        print(f"   warning: {server.name} completed {result.get('ok', 0)} of {expected} downloads", flush=True)
    return result


def with_cpu(server, fn):
    pid = server.measured_pid()
    before = cpu_seconds(pid)
    result = fn()
    result["cpu_s"] = cpu_seconds(pid) - before
    gib = result.get("bytes", 0) / GIB
    result["cpu_per_gib"] = result["cpu_s"] / gib if gib > 0 else None
    return result


def workload_single(ctx, server):
    return check_complete(server, with_cpu(server, lambda: run_loadclient(ctx.loadclient, server, "1g.bin")), 1)


def workload_many(ctx, server):
    if server.is_sluice:
        server.reset_loop_stats()
    r = check_complete(server, with_cpu(server, lambda: run_loadclient(ctx.loadclient, server, "64m.bin", 100)), 100)
    if server.is_sluice:
        r["loop"] = server.loop_stats()
    return r


def tcp_memory_pages():
    with open("/proc/net/sockstat") as f:
        for line in f:
            if line.startswith("TCP:"):
                return int(line.split()[-1])
    return 0


def sampling_tcp_memory(fn):
    # The kernel's TCP buffers in use (both ends, system-wide), sampled every 5 ms while fn runs:
    # how much data a server leaves queued in flight.
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], tcp_memory_pages())
            time.sleep(0.005)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        result = fn()
    finally:
        done.set()
        sampler.join()
    result["tcp_mem_peak_mib"] = peak[0] * os.sysconf("SC_PAGE_SIZE") / MIB
    return result


def workload_burst(ctx, server):
    if server.is_sluice:
        server.reset_loop_stats()
    r = check_complete(server, with_cpu(server, lambda: sampling_tcp_memory(
        lambda: run_loadclient(ctx.loadclient, server, "1m.bin", 1000, timeout=120))), 1000)
    if server.is_sluice:
        r["loop"] = server.loop_stats()
    return r


def workload_wrk(ctx, server):
    url = f"http://127.0.0.1:{server.port}{server.paths['4k.bin']}"
    pid = server.measured_pid()
    before = cpu_seconds(pid)
    out = subprocess.run(["wrk", "-t", "1", "-c", "64", "-d", f"{ctx.wrk_seconds}s", url],
                         capture_output=True, text=True).stdout
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    rps = float(m.group(1)) if m else 0.0
    cpu = cpu_seconds(pid) - before
    # "1234 requests in 5.00s, 6.02MB read": heads and bodies, as the server wrote them.
    m = re.search(r"requests in [\d.]+\w+, ([\d.]+)([KMGT]?B) read", out)
    units = {"B": 1, "KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30, "TB": 1 << 40}
    gib = float(m.group(1)) * units[m.group(2)] / GIB if m else 0.0
    return {"rps": rps, "cpu_s": cpu, "cpu_per_gib": cpu / gib if gib > 0 else None}


def workload_slow_readers(ctx, server, solo_speed):
    pid = server.measured_pid()
    # Sampled 20 times a second while the fast client runs: the process tree is looked up once,
    # so that sampling takes no CPU worth mentioning from the machine being measured.
    pids = process_tree(pid)
    baseline = rss_anon_kib(pid, pids)
    slow = subprocess.Popen([ctx.loadclient, "--port", str(server.port), "--path", server.paths["1g.bin"],
                             "--connections", str(SLOW_READERS), "--rate", str(SLOW_READER_RATE),
                             "--timeout", "20"],
                            stdout=subprocess.DEVNULL, preexec_fn=raise_fd_limit)
    peak = baseline
    time.sleep(2)
    cpu_before = cpu_seconds(pid)
    fast_started = time.monotonic()
    fast = subprocess.Popen([ctx.loadclient, "--port", str(server.port), "--path", server.paths["1g.bin"],
                             "--timeout", "120"], stdout=subprocess.PIPE, text=True)
    while fast.poll() is None:
        peak = max(peak, rss_anon_kib(pid, pids))
        if peak > RSS_GUARD_KIB:
            slow.kill()  # a server that buffers whole files for slow readers: stop before the machine runs out
        time.sleep(0.05)
    cpu = cpu_seconds(pid) - cpu_before
    # The fast download plus what the slow readers took meanwhile, at their set rate.
    gib = (BLOBS["1g.bin"] + SLOW_READERS * SLOW_READER_RATE * (time.monotonic() - fast_started)) / GIB
    fast_result = json.loads(fast.stdout.read().strip().splitlines()[-1])
    for _ in range(10):
        peak = max(peak, rss_anon_kib(pid, pids))
        time.sleep(0.1)
    slow.kill()
    slow.wait()
    speed = fast_result.get("gib_per_s", 0.0)
    return {"fast_gib_per_s": speed, "fast_vs_solo": speed / solo_speed if solo_speed else None,
            "rss_growth_mib": (peak - baseline) / 1024, "cpu_per_gib": cpu / gib}


def workload_idle(ctx, server):
    pid = server.measured_pid()
    time.sleep(1)
    before = cpu_seconds(pid)
    time.sleep(ctx.idle_seconds)
    idle_cpu = cpu_seconds(pid) - before
    baseline = rss_anon_kib(pid)
    holder = subprocess.Popen([ctx.loadclient, "--port", str(server.port), "--path", server.paths["4k.bin"],
                               "--connections", str(ctx.idle_connections), "--hold-idle", "4", "--timeout", "60"],
                              stdout=subprocess.PIPE, text=True, preexec_fn=raise_fd_limit)
    line = holder.stdout.readline()
    ready = "idle_ready" in line
    time.sleep(1)
    held = rss_anon_kib(pid)
    holder.wait()
    per_connection = (held - baseline) / ctx.idle_connections if ready else None
    return {"idle_cpu_percent": 100 * idle_cpu / ctx.idle_seconds, "kib_per_idle_connection": per_connection}


def summarize(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sluice", required=True)
    parser.add_argument("--loadclient", required=True)
    # Five passes: with three, one slow spell of the shared machine (a 1,000-client burst taking
    # 0.56 s instead of 0.23 for every server in the same pass) could still decide a median.
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--wrk-seconds", type=int, default=5)
    parser.add_argument("--idle-seconds", type=int, default=10)
    parser.add_argument("--idle-connections", type=int, default=10000)
    parser.add_argument("--output", default=os.path.join(HERE, "results"))
    parser.add_argument("--only", default="", help="comma-separated server slugs to run")
    ctx = parser.parse_args()
    raise_fd_limit()

    work = tempfile.mkdtemp(prefix="sluice-bench-")
    # nginx and h2o started as root serve as an unprivileged user: the blobs must be readable.
    os.chmod(work, 0o755)
    blob_dir = os.path.join(work, "blobs")
    os.makedirs(blob_dir, mode=0o755)
    for name, size in BLOBS.items():
        subprocess.run([ctx.loadclient, "--generate", os.path.join(blob_dir, name), str(size)], check=True)
        os.chmod(os.path.join(blob_dir, name), 0o644)

    servers = [
        Sluice(blob_dir, work, ctx.sluice),
        Lighttpd(blob_dir, work),
        H2o(blob_dir, work),
        Nginx(blob_dir, work, True),
        Nginx(blob_dir, work, False),
        Tornado(blob_dir, work),
    ]
    if shutil.which("xvfb-run"):
        servers.insert(1, Sluice(blob_dir, work, ctx.sluice, window=True))
    if ctx.only:
        wanted = ctx.only.split(",")
        servers = [s for s in servers if s.slug() in wanted]

    # Every server runs for the whole benchmark and the passes are interleaved (pass 1 of each
    # server, then pass 2 of each...), so a slow spell of a shared machine spreads over all of
    # them instead of landing on one server's passes.
    results = {server.name: {k: [] for k in ("single", "many", "burst", "wrk", "slow", "idle")}
               for server in servers}
    try:
        for server in servers:
            server.start()
        for i in range(ctx.repeat):
            for server in servers:
                runs = results[server.name]
                runs["single"].append(workload_single(ctx, server))
                runs["many"].append(workload_many(ctx, server))
                runs["burst"].append(workload_burst(ctx, server))
                runs["wrk"].append(workload_wrk(ctx, server))
                print(f"== {server.name} pass {i + 1}: "
                      f"1x1GiB {runs['single'][-1].get('gib_per_s', 0):.2f} GiB/s, "
                      f"100x64MiB {runs['many'][-1].get('gib_per_s', 0):.2f} GiB/s, "
                      f"1000x1MiB {runs['burst'][-1].get('wall_s', 0):.2f} s, "
                      f"wrk {runs['wrk'][-1]['rps']:.0f}/s", flush=True)
        for i in range(ctx.repeat):
            for server in servers:
                runs = results[server.name]
                # Memory figures need a fresh process: freed memory that an allocator keeps
                # would hide what the next run costs. The fast client's solo speed is taken in
                # the same state, the first download of a fresh process, so that the ratio
                # shows what the slow readers cost and not what a first download costs
                # (mapping the file, filling caches).
                server.restart()
                solo = workload_single(ctx, server).get("gib_per_s", 0)
                server.restart()
                runs["slow"].append(workload_slow_readers(ctx, server, solo))
                server.restart()
                runs["idle"].append(workload_idle(ctx, server))
                print(f"== {server.name} pass {i + 1}: slow readers {runs['slow'][-1]}, "
                      f"idle {runs['idle'][-1]}", flush=True)
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)

    write_report(ctx, results)


METRICS = [
    # (label, workload, key, higher is better, format)
    ("(1) 1 client x 1 GiB: GiB/s", "single", "gib_per_s", True, "{:.2f}"),
    ("(1) CPU s per GiB", "single", "cpu_per_gib", False, "{:.3f}"),
    ("(2) 100 x 64 MiB: aggregate GiB/s", "many", "gib_per_s", True, "{:.2f}"),
    ("(2) fairness (slowest/fastest)", "many", "fairness", False, "{:.3f}"),
    ("(2) TTFB p50 ms", "many", "ttfb_p50_ms", False, "{:.1f}"),
    ("(2) TTFB p99 ms", "many", "ttfb_p99_ms", False, "{:.1f}"),
    ("(2) CPU s per GiB", "many", "cpu_per_gib", False, "{:.3f}"),
    ("(3) 1000 x 1 MiB: completed", "burst", "ok", True, "{:.0f}"),
    ("(3) wall time s", "burst", "wall_s", False, "{:.3f}"),
    ("(3) TTFB p99 ms", "burst", "ttfb_p99_ms", False, "{:.1f}"),
    ("(3) peak kernel TCP memory MiB", "burst", "tcp_mem_peak_mib", False, "{:.0f}"),
    ("(3) CPU s per GiB", "burst", "cpu_per_gib", False, "{:.3f}"),
    ("(4) wrk -c 64, 4 KiB keep-alive: requests/s", "wrk", "rps", True, "{:.0f}"),
    ("(4) CPU s per GiB", "wrk", "cpu_per_gib", False, "{:.3f}"),
    ("(5) fast client beside 50 slow readers: GiB/s", "slow", "fast_gib_per_s", True, "{:.2f}"),
    ("(5) fast client vs its solo speed (both first downloads of a fresh server)", "slow", "fast_vs_solo", True, "{:.2f}"),
    ("(5) anonymous RSS growth MiB", "slow", "rss_growth_mib", False, "{:.1f}"),
    ("(5) CPU s per GiB", "slow", "cpu_per_gib", False, "{:.3f}"),
    ("(6) idle CPU %", "idle", "idle_cpu_percent", False, "{:.2f}"),
    ("(6) KiB per idle keep-alive connection", "idle", "kib_per_idle_connection", False, "{:.2f}"),
]
LOOP_METRICS = [
    ("(7) loop lateness during (2): p50/p99/max ms", "many"),
    ("(7) loop lateness during (3): p50/p99/max ms", "burst"),
]


def write_report(ctx, results):
    names = list(results)
    peers = [n for n in names if not n.startswith("Sluice")]
    lines = []
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    cpu_model = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu_model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "")
    except OSError:
        pass
    now = datetime.datetime.now(datetime.timezone.utc)
    lines.append(f"# Sluice benchmark, {now:%Y-%m-%d %H:%M} UTC")
    lines.append("")
    lines.append(f"- commit `{commit}`, {os.cpu_count()} cores ({cpu_model}), Linux {platform.release()}")
    lines.append(f"- loopback only; each figure is the median of {ctx.repeat} runs with (min–max);"
                 " peers run one worker/thread, like Sluice's single event loop")
    lines.append("- ratio: Sluice's median over the best peer's (for lower-is-better figures, best peer over Sluice);"
                 " above 1.00 means Sluice is ahead")
    lines.append("")
    header = "| figure | " + " | ".join(names) + " | Sluice ÷ best peer |"
    lines.append(header)
    lines.append("|" + "---|" * (len(names) + 2))
    for label, workload, key, higher, fmt in METRICS:
        cells = []
        medians = {}
        for name in names:
            s = summarize([r.get(key) for r in results[name][workload]])
            if s is None:
                cells.append("–")
                continue
            medians[name] = s["median"]
            cells.append(f"{fmt.format(s['median'])} ({fmt.format(s['min'])}–{fmt.format(s['max'])})")
        ratio = "–"
        peer_values = [medians[p] for p in peers if p in medians]
        if "Sluice" in medians and peer_values:
            best = max(peer_values) if higher else min(peer_values)
            sluice = medians["Sluice"]
            if higher and best > 0:
                ratio = f"{sluice / best:.2f}"
            elif not higher and sluice > 0:
                ratio = f"{best / sluice:.2f}"
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {ratio} |")
    for label, workload in LOOP_METRICS:
        cells = []
        for name in names:
            stats = [r.get("loop") for r in results[name][workload] if r.get("loop")]
            if not stats:
                cells.append("–")
                continue
            p50 = statistics.median(s["p50"] for s in stats)
            p99 = statistics.median(s["p99"] for s in stats)
            worst = max(s["max"] for s in stats)
            cells.append(f"{p50:.2f} / {p99:.2f} / {worst:.2f}")
        lines.append(f"| {label} | " + " | ".join(cells) + " | – |")
    lines.append("")
    report = "\n".join(lines) + "\n"
    os.makedirs(ctx.output, exist_ok=True)
    path = os.path.join(ctx.output, f"{now:%Y-%m-%d}-{commit}.md")
    with open(path, "w") as f:
        f.write(report)
    with open(os.path.join(ctx.output, "latest.md"), "w") as f:
        f.write(report)
    print(report)
    print(f"written to {path}")


if __name__ == "__main__":
    sys.exit(main())
