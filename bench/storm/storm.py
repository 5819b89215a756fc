#!/usr/bin/env python3
"""The storm benchmark: `rtmp-handshake serve` and nginx-rtmp, same run.

Starts the servers as our own children on free 127.0.0.1 ports (ours with
the default mbedTLS build, ours with the nettle SHA-256 backend if given, and
nginx-rtmp), then for each step N drives rtmp_hs_storm against each (the
order rotating from step to step): N concurrent client handshakes held open,
one new client timed while they are, then a `connect` on each. Prints one
JSON line per measurement and a table of medians over --repeat rounds:
server CPU time per handshake (the nanoseconds the server ran, from
/proc/PID/task/*/schedstat), the ratio to nginx-rtmp's, and how long the new
client waited. The children are stopped by PID. A benchmark: nothing here is
asserted about speed.

  bench/storm/storm.py --tool T [--tool-nettle T2] --storm S
                      [--steps 1000,5000,10000] [--repeat 3]
"""
import argparse
import json
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

MAX_STEP = 20000
RUN_TIMEOUT_S = 100

NGINX_CONF = """\
load_module {module};
daemon off;
master_process off;
worker_processes 1;
worker_rlimit_nofile {files};
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections {connections}; }}
rtmp {{
    server {{
        listen 127.0.0.1:{port};
        application live {{ live on; }}
    }}
}}
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(proc, port, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("storm: server exited with %s" % proc.returncode)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("storm: nothing listens on port %d" % port)


def stop(proc):
    if proc.poll() is None:
        proc.terminate()  # by PID
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def start_ours(tool, timeout_s):
    proc = subprocess.Popen(
        [tool, "serve", "--listen", "127.0.0.1:0", "--timeout", str(timeout_s)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline()
    if not line.startswith("listening on 127.0.0.1:"):
        stop(proc)
        raise SystemExit("storm: serve did not start: %r" % line)
    return proc, int(line.rsplit(":", 1)[1])


def start_nginx(nginx, module, connections, workdir):
    port = free_port()
    conf = os.path.join(workdir, "nginx.conf")
    with open(conf, "w", encoding="ascii") as f:
        f.write(NGINX_CONF.format(module=module, dir=workdir, port=port,
                                  connections=connections + 64,
                                  files=connections + 128))
    proc = subprocess.Popen([nginx, "-p", workdir, "-c", conf,
                             "-e", os.path.join(workdir, "error.log")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_listening(proc, port)
    except SystemExit:
        stop(proc)
        raise
    return proc, port


def run_storm(storm, port, pid, n):
    out = subprocess.run([storm, "--port", str(port), "--connections", str(n),
                          "--server-pid", str(pid), "--deadline", "30"],
                         capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
    if out.stderr:
        sys.stderr.write(out.stderr)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["complete"] = out.returncode == 0
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tool", required=True, help="the rtmp-handshake binary")
    parser.add_argument("--tool-nettle", help="rtmp-handshake built with RTMP_HS_SHA256=nettle")
    parser.add_argument("--storm", required=True, help="the rtmp_hs_storm binary")
    parser.add_argument("--nginx", default=shutil.which("nginx", path="/usr/sbin:/usr/bin")
                        or "/usr/sbin/nginx")
    parser.add_argument("--module", default="/usr/lib/nginx/modules/ngx_rtmp_module.so")
    parser.add_argument("--steps", default="1000,5000,10000")
    parser.add_argument("--repeat", type=int, default=3,
                        help="rounds over all steps (the table shows medians), 1..5")
    args = parser.parse_args()
    steps = sorted({int(s) for s in args.steps.split(",")})
    if not steps or min(steps) < 1 or max(steps) > MAX_STEP:
        raise SystemExit("storm: steps must be 1..%d" % MAX_STEP)
    if not 1 <= args.repeat <= 5:
        raise SystemExit("storm: --repeat must be 1..5")
    for path, package in ((args.nginx, "nginx-light"), (args.module, "libnginx-mod-rtmp")):
        if not os.path.exists(path):
            raise SystemExit("storm: %s missing: apt-get install %s" % (path, package))

    # Children inherit the raised soft limit: one descriptor per connection.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if hard < max(steps) + 128:
        sys.stderr.write("storm: descriptor hard limit %d is below the largest step\n" % hard)

    workdir = tempfile.mkdtemp(prefix="rtmp-hs-storm-")
    children = []
    rows = []
    try:
        servers = {"ours": start_ours(args.tool, 60)}
        children.append(servers["ours"][0])
        if args.tool_nettle:
            servers["ours (nettle)"] = start_ours(args.tool_nettle, 60)
            children.append(servers["ours (nettle)"][0])
        servers["nginx-rtmp"] = start_nginx(args.nginx, args.module, max(steps), workdir)
        children.append(servers["nginx-rtmp"][0])
        names = list(servers)
        rounds = [(rep, n) for rep in range(args.repeat) for n in steps]
        for i, (rep, n) in enumerate(rounds):
            order = names[i % len(names):] + names[:i % len(names)]
            for name in order:
                proc, port = servers[name]
                result = run_storm(args.storm, port, proc.pid, n)
                result["server"] = name
                result["round"] = rep + 1
                print(json.dumps(result), flush=True)
                rows.append(result)
                time.sleep(0.5)  # let the closes settle between runs
    finally:
        for proc in children:
            stop(proc)
        shutil.rmtree(workdir, ignore_errors=True)

    print()
    print("Storm: %d cores, %s, %s; medians of %d rounds" % (
        os.cpu_count(), platform.platform(),
        time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), args.repeat))
    print()
    print("| N concurrent | server | all served | CPU per handshake, median (min-max) (us) "
          "| / nginx-rtmp | new client while N open, median (max) (ms) |")
    print("|---:|---|---|---:|---:|---:|")
    runs_of = {(n, name): [r for r in rows if r["connections"] == n and r["server"] == name]
               for n in steps for name in names}
    cpu = {key: statistics.median(r["server_cpu_us_per_handshake"] for r in runs)
           for key, runs in runs_of.items()}
    for n in steps:
        for name in names:
            runs = runs_of[(n, name)]
            probes = [r["probe_ms"] for r in runs]
            failed = [r for r in runs if not r["complete"]]
            ratio = ("%.2fx" % (cpu[(n, name)] / cpu[(n, "nginx-rtmp")])
                     if name != "nginx-rtmp" and cpu[(n, "nginx-rtmp")] > 0 else "")
            print("| %d | %s | %s | %.0f (%.0f-%.0f) | %s | %.1f (%.1f) |" % (
                n, name, "yes" if not failed else "no (%s)" % failed[0]["error"],
                cpu[(n, name)], min(r["server_cpu_us_per_handshake"] for r in runs),
                max(r["server_cpu_us_per_handshake"] for r in runs), ratio,
                statistics.median(probes), max(probes)))
    return 0 if all(r["complete"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
