#!/usr/bin/env python3
"""Sluice on an emulated LAN: shaped links between network namespaces, side by side with peers.

  bench/link.py --sluice build/src/app/sluice --loadclient build/loadclient [--passes 5]
                [--profiles gigabit,wifi,mixed] [--only sluice,lighttpd,...]

Needs root and iproute2 (ip netns, veth, tc with htb). Not part of .ci/run. Loopback figures are a
CPU race between client and server on two cores; here the link is the limit, as on a real LAN.

Topology: two namespaces made for the run, "server" and "clients", joined by one veth pair. The
server side is 10.77.0.1; every emulated client has an address of its own on the clients side
(10.77.1.x), which the loadclient binds. Shaping is htb on the server's egress (the direction the
files travel): a root class at the link's rate and, in the mixed profile, a class per client.
netem is not available, so there is no added delay: the link's rate is the only constraint.

Profiles (each run for Sluice headless, Sluice's window under Xvfb, lighttpd, nginx with sendfile
on and off, h2o and the Tornado recipe, interleaved in one run, --passes times, median (min-max)):
  gigabit  1 Gbit/s link: one client x 1 GiB; then 10 clients x 256 MiB at once
  wifi     300 Mbit/s shared by 10 clients x 128 MiB
  mixed    1 Gbit/s link; a client at 1 Gbit/s, one at 50 Mbit/s and one at 10 Mbit/s (htb
           classes), plus 50 clients at 1 Mbit/s, all at once for --mixed-seconds

Figures: goodput against the shaped rate, slowest/fastest of equal clients, the fast client's
goodput against what the slow ones leave it, TTFB p99, server CPU seconds per GiB, anonymous
memory with the 50 slow clients, and (Sluice) event-loop lateness. Everything made is removed at
the end, also on Ctrl+C or failure.
"""
import argparse
import contextlib
import ctypes
import datetime
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the peers' set-up and the load client's driver)

MIB = 1 << 20
GIB = 1 << 30
MBIT = 1_000_000 / 8  # bytes per second
SERVER_ADDRESS = "10.77.0.1"
CLIENT_NET = "10.77.1."
CLIENTS = 60
BLOBS = {"1g.bin": GIB, "256m.bin": 256 * MIB, "128m.bin": 128 * MIB}
CLONE_NEWNET = 0x40000000

TARGET_SINGLE = 0.95  # of the shaped rate
TARGET_FAIRNESS = 1.10  # slowest / fastest of equal clients
TARGET_FAST_SHARE = 0.90  # of what the slow clients leave


def sh(*args, check=True):
    return subprocess.run(list(args), check=check, capture_output=True, text=True)


class Link:
    """The two namespaces, the veth pair between them and the shaping on the server's side."""

    def __init__(self):
        tag = str(os.getpid())
        self.server_ns = f"sluice-srv-{tag}"
        self.client_ns = f"sluice-cli-{tag}"
        self.made = False

    def __enter__(self):
        sh("ip", "netns", "add", self.server_ns)
        sh("ip", "netns", "add", self.client_ns)
        self.made = True
        sh("ip", "link", "add", "srv0", "netns", self.server_ns, "type", "veth", "peer", "name",
           "cli0", "netns", self.client_ns)
        sh("ip", "-n", self.server_ns, "addr", "add", f"{SERVER_ADDRESS}/16", "dev", "srv0")
        for i in range(1, CLIENTS + 1):
            sh("ip", "-n", self.client_ns, "addr", "add", f"{CLIENT_NET}{i}/16", "dev", "cli0")
        for ns, dev in ((self.server_ns, "srv0"), (self.client_ns, "cli0")):
            sh("ip", "-n", ns, "link", "set", "lo", "up")
            sh("ip", "-n", ns, "link", "set", dev, "up")
            # Offloads make one "packet" up to 64 KiB; htb then shapes in lumps. (With them on,
            # the gigabit figures moved by under 0.01 here.)
            sh("ip", "netns", "exec", ns, "ethtool", "-K", dev, "tso", "off", "gso", "off", "gro",
               "off", check=False)
        return self

    def __exit__(self, *exc):
        if self.made:
            for ns in (self.server_ns, self.client_ns):
                sh("ip", "netns", "del", ns, check=False)
        return False

    def shape(self, link_bps, classes=()):
        """htb on srv0: a root class at link_bps; `classes` are (client index, rate) pairs with
        a class of their own, borrowing nothing. Everyone else shares a default class at the
        link's rate. Leaves keep htb's FIFO: these kernels have no fq_codel, sfq or fq."""
        ns = self.server_ns
        sh("ip", "netns", "exec", ns, "tc", "qdisc", "del", "dev", "srv0", "root", check=False)
        run = lambda *a: sh("ip", "netns", "exec", ns, "tc", *a)  # noqa: E731
        run("qdisc", "add", "dev", "srv0", "root", "handle", "1:", "htb", "default", "999")
        rate = lambda bps: f"{int(bps * 8)}bit"  # noqa: E731
        run("class", "add", "dev", "srv0", "parent", "1:", "classid", "1:1", "htb", "rate",
            rate(link_bps), "ceil", rate(link_bps))
        run("class", "add", "dev", "srv0", "parent", "1:1", "classid", "1:999", "htb", "rate",
            rate(link_bps), "ceil", rate(link_bps))
        for n, (client, bps) in enumerate(classes, start=10):
            run("class", "add", "dev", "srv0", "parent", "1:1", "classid", f"1:{n}", "htb",
                "rate", rate(bps), "ceil", rate(bps))
            run("filter", "add", "dev", "srv0", "protocol", "ip", "parent", "1:", "prio", "1",
                "u32", "match", "ip", "dst", f"{CLIENT_NET}{client}/32", "flowid", f"1:{n}")

    def enter_clients(self):
        """Moves this process (and what it starts from now on) into the clients' namespace."""
        libc = ctypes.CDLL(None, use_errno=True)
        with open(f"/var/run/netns/{self.client_ns}") as f:
            if libc.setns(f.fileno(), CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "setns")


def client_address(i):
    return f"{CLIENT_NET}{i}"


def run_clients(ctx, server, groups, timeout):
    """Runs one loadclient per group at once; a group is (name, path, [client indexes])."""
    results = {}

    def one(name, path, clients):
        extra = []
        for c in clients:
            extra += ["--source", client_address(c)]
        results[name] = bench.run_loadclient(ctx.loadclient, server, path, connections=len(clients),
                                             extra=extra, timeout=timeout)

    threads = [threading.Thread(target=one, args=g) for g in groups]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def per_client_groups(name, path, clients):
    # One process per client: its goodput is its own completion, not a share of a total.
    return [(f"{name}{c}", path, [c]) for c in clients]


def measure(ctx, server, fn):
    pid = server.measured_pid()
    cpu_before = bench.cpu_seconds(pid)
    if server.is_sluice:
        server.reset_loop_stats()
    result = fn()
    result["cpu_s"] = bench.cpu_seconds(pid) - cpu_before
    gib = result.get("bytes", 0) / GIB
    result["cpu_per_gib"] = result["cpu_s"] / gib if gib else None
    if server.is_sluice:
        stats = server.loop_stats()
        if stats:
            result["loop_p99"], result["loop_max"] = stats["p99"], stats["max"]
    return result


def profile_gigabit_single(ctx, server):
    ctx.link.shape(1000 * MBIT)

    def go():
        r = run_clients(ctx, server, [("c", "1g.bin", [1])], timeout=120)["c"]
        return {"bytes": r.get("bytes", 0), "goodput": r.get("bytes", 0) / r["wall_s"] / (1000 * MBIT),
                "ttfb_p99": r.get("ttfb_p99_ms"), "ok": r.get("ok", 0) == 1}

    return measure(ctx, server, go)


def equal_clients(ctx, server, link_bps, count, path, size):
    ctx.link.shape(link_bps)

    def go():
        rs = run_clients(ctx, server, per_client_groups("c", path, range(1, count + 1)), timeout=300)
        speeds = [r.get("bytes", 0) / r["wall_s"] for r in rs.values() if r.get("wall_s")]
        total = sum(r.get("bytes", 0) for r in rs.values())
        wall = max(r["wall_s"] for r in rs.values())
        return {"bytes": total, "goodput": total / wall / link_bps,
                "fairness": max(speeds) / min(speeds) if speeds and min(speeds) > 0 else None,
                "ttfb_p99": max(r.get("ttfb_p99_ms", 0) for r in rs.values()),
                "ok": all(r.get("ok", 0) == 1 for r in rs.values()) and total == count * size}

    return measure(ctx, server, go)


def profile_gigabit_ten(ctx, server):
    return equal_clients(ctx, server, 1000 * MBIT, 10, "256m.bin", 256 * MIB)


def profile_wifi(ctx, server):
    return equal_clients(ctx, server, 300 * MBIT, 10, "128m.bin", 128 * MIB)


def profile_mixed(ctx, server):
    slow = list(range(10, 60))  # 50 clients at 1 Mbit/s
    classes = [(1, 1000 * MBIT), (2, 50 * MBIT), (3, 10 * MBIT)] + [(c, 1 * MBIT) for c in slow]
    ctx.link.shape(1000 * MBIT, classes)
    seconds = ctx.mixed_seconds

    def go():
        rss = []
        stop = threading.Event()

        def sample():
            while not stop.wait(1.0):
                rss.append(bench.rss_anon_kib(server.measured_pid()))

        sampler = threading.Thread(target=sample)
        sampler.start()
        rs = run_clients(ctx, server, [("fast", "1g.bin", [1]), ("m50", "1g.bin", [2]),
                                       ("m10", "1g.bin", [3]), ("slow", "128m.bin", slow)],
                         timeout=seconds)
        stop.set()
        sampler.join()
        rate = {k: r.get("bytes", 0) / seconds for k, r in rs.items()}
        left = 1000 * MBIT - rate["m50"] - rate["m10"] - rate["slow"]
        # Nobody finishes in the time given: every client must at least have been served.
        served = all(r.get("bytes", 0) > 0 for r in rs.values())
        return {"bytes": sum(r.get("bytes", 0) for r in rs.values()),
                "fast_share": rate["fast"] / left if left > 0 else None,
                "fast_mbit": rate["fast"] / MBIT, "slow_mbit": rate["slow"] / MBIT / len(slow),
                "ttfb_p99": max(r.get("ttfb_p99_ms", 0) for r in rs.values()),
                "rss_anon_mib": max(rss) / 1024 if rss else None, "ok": served}

    return measure(ctx, server, go)


PROFILES = {
    "gigabit": [("gigabit 1 x 1 GiB", profile_gigabit_single),
                ("gigabit 10 x 256 MiB", profile_gigabit_ten)],
    "wifi": [("wifi 10 x 128 MiB", profile_wifi)],
    "mixed": [("mixed", profile_mixed)],
}


def make_servers(ctx):
    servers = []
    want = lambda key: not ctx.only or key in ctx.only  # noqa: E731
    if want("sluice"):
        servers.append(bench.Sluice(ctx.blob_dir, ctx.work, ctx.sluice))
    if want("window"):
        servers.append(bench.Sluice(ctx.blob_dir, ctx.work, ctx.sluice, window=True))
    if want("lighttpd"):
        servers.append(bench.Lighttpd(ctx.blob_dir, ctx.work))
    if want("nginx"):
        servers += [bench.Nginx(ctx.blob_dir, ctx.work, True), bench.Nginx(ctx.blob_dir, ctx.work, False)]
    if want("h2o"):
        servers.append(bench.H2o(ctx.blob_dir, ctx.work))
    if want("tornado"):
        servers.append(bench.Tornado(ctx.blob_dir, ctx.work))
    for s in servers:
        s.host = SERVER_ADDRESS
        s.prefix = ["ip", "netns", "exec", ctx.link.server_ns]
    return servers


def fmt(values, digits=2):
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"


FIGURES = [("goodput", "goodput / shaped", 3), ("fairness", "slowest/fastest", 3),
           ("fast_share", "fast / what is left", 3), ("fast_mbit", "fast Mbit/s", 0),
           ("slow_mbit", "1 Mbit/s clients, each", 3), ("ttfb_p99", "TTFB p99 ms", 1),
           ("cpu_per_gib", "CPU s/GiB", 3), ("rss_anon_mib", "RssAnon MiB", 1),
           ("loop_p99", "loop p99 ms", 2), ("loop_max", "loop max ms", 2)]


def report(ctx, results, servers):
    lines = [f"# Sluice on an emulated LAN, {datetime.date.today()}", "",
             f"`bench/link.py --passes {ctx.passes} --profiles {','.join(ctx.profiles)}`; "
             "median (min-max) of the passes.", ""]
    for profile in results:
        lines += [f"## {profile}", "", "| server | " + " | ".join(
            label for key, label, _ in FIGURES if any(key in r for s in servers for r in results[profile][s.name])) + " |"]
        keys = [(key, d) for key, label, d in FIGURES
                if any(key in r for s in servers for r in results[profile][s.name])]
        lines.append("| --- " * (len(keys) + 1) + "|")
        for s in servers:
            rs = results[profile][s.name]
            failed = sum(1 for r in rs if not r.get("ok"))
            name = s.name + (f" ({failed} incomplete)" if failed else "")
            lines.append(f"| {name} | " + " | ".join(fmt([r.get(k) for r in rs], d) for k, d in keys) + " |")
        lines.append("")
    return "\n".join(lines)


def verdicts(results, servers):
    """The issue's targets, for Sluice's rows: a list of (target, met) pairs."""
    out = []
    med = lambda rs, k: statistics.median([r[k] for r in rs if r.get(k) is not None]) if any(r.get(k) is not None for r in rs) else None  # noqa: E731
    peers = [s for s in servers if not s.is_sluice]
    for s in servers:
        if not s.is_sluice:
            continue
        for profile, rs_by in results.items():
            rs = rs_by[s.name]
            if profile.startswith("gigabit 1"):
                out.append((f"{s.name}: {profile} goodput >= {TARGET_SINGLE}", (med(rs, "goodput") or 0) >= TARGET_SINGLE))
            if med(rs, "fairness") is not None:
                out.append((f"{s.name}: {profile} fairness <= {TARGET_FAIRNESS}", med(rs, "fairness") <= TARGET_FAIRNESS))
            if med(rs, "fast_share") is not None:
                out.append((f"{s.name}: {profile} fast client >= {TARGET_FAST_SHARE}", med(rs, "fast_share") >= TARGET_FAST_SHARE))
            if med(rs, "loop_p99") is not None:
                out.append((f"{s.name}: {profile} loop p99 <= 8 ms, max <= 16 ms",
                            med(rs, "loop_p99") <= 8 and max(r.get("loop_max", 0) for r in rs) <= 16))
            cpu = med(rs, "cpu_per_gib")
            peer_cpu = [med([r for r in rs_by[p.name] if r.get("ok")], "cpu_per_gib") for p in peers]
            peer_cpu = [c for c in peer_cpu if c is not None]
            if cpu is not None and peer_cpu:
                out.append((f"{s.name}: {profile} CPU/GiB <= best peer ({min(peer_cpu):.3f})", cpu <= min(peer_cpu)))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sluice", required=True)
    parser.add_argument("--loadclient", required=True)
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--profiles", default="gigabit,wifi,mixed")
    parser.add_argument("--only", default="", help="comma list: sluice,window,lighttpd,nginx,h2o,tornado")
    parser.add_argument("--mixed-seconds", type=float, default=20)
    parser.add_argument("--output", default=None, help="also write the report here")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("link.py needs root (network namespaces and tc)")
    args.sluice = os.path.abspath(args.sluice)
    args.loadclient = os.path.abspath(args.loadclient)
    args.profiles = [p for p in args.profiles.split(",") if p]
    args.only = [p for p in args.only.split(",") if p]
    bench.BLOBS = BLOBS
    # Ctrl+C and SIGTERM unwind through the finally blocks, so everything made is removed.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))

    with tempfile.TemporaryDirectory(prefix="sluice-link-") as work, Link() as link:
        args.work, args.link = work, link
        args.blob_dir = os.path.join(work, "blobs")
        # nginx and h2o started as root serve as an unprivileged user: the blobs must be readable.
        os.chmod(work, 0o755)
        os.makedirs(args.blob_dir, mode=0o755)
        for name, size in BLOBS.items():
            path = os.path.join(args.blob_dir, name)
            sh(args.loadclient, "--generate", path, str(size))
            os.chmod(path, 0o644)
        link.enter_clients()
        servers = make_servers(args)
        results = {}
        try:
            for s in servers:
                s.start()
            for n in range(args.passes):
                for p in args.profiles:
                    for label, fn in PROFILES[p]:
                        for s in servers:  # interleaved: each pass runs every server once
                            r = fn(args, s)
                            results.setdefault(label, {}).setdefault(s.name, []).append(r)
                            print(f"pass {n + 1} {label:22} {s.name:24} {json.dumps(r)}", flush=True)
        finally:
            for s in servers:
                s.stop()
        text = report(args, results, servers)
        checks = verdicts(results, servers)
        text += "\n## Targets (Sluice)\n\n" + "\n".join(
            f"- {'met' if ok else 'NOT met'}: {what}" for what, ok in checks) + "\n"
        print(text)
        if args.output:
            with open(args.output, "w") as f:
                f.write(text)
        return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
