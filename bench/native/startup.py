#!/usr/bin/env python3
"""Start to /health/ready on an empty data directory, for several builds of `tollgate serve`, alternating.

    startup.py RUNS NAME=COMMAND [NAME=COMMAND ...]     (COMMAND: the words before `serve`, e.g. "dotnet x/tollgate.dll")

Per run: a fresh data directory and port, the process started, GET /health/ready polled every 2 ms until
200, then RSS read from /proc one second later (idle), the process stopped. Prints one JSON line per build:
name, runs, median/min/max ms to ready, median idle RSS in MiB. The first run of each build is a warm-up
(file cache) and is not reported.
"""
import http.client, json, os, shutil, signal, socket, statistics, subprocess, sys, tempfile, time

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")

def one(command):
    data = tempfile.mkdtemp(prefix="tollgate-startup-")
    port = free_port()
    args = command.split() + ["serve", "--urls", f"http://127.0.0.1:{port}", f"--Tollgate:DataDirectory={data}",
                              "--Tollgate:Bootstrap:RootClientSecret=startup-bench-root-secret-0123456789"]
    env = dict(os.environ, Logging__LogLevel__Default="Warning", DOTNET_NOLOGO="1")
    began = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        while True:
            if proc.poll() is not None:
                sys.exit(f"{command} exited with {proc.returncode}: {proc.stderr.read().decode()[-2000:]}")
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                c.request("GET", "/health/ready")
                if c.getresponse().status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.002)
            if time.perf_counter() - began > 60:
                sys.exit(f"{command}: not ready after 60 s")
        ready_ms = (time.perf_counter() - began) * 1000
        time.sleep(1)
        return ready_ms, rss_mib(proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(data, ignore_errors=True)

def main():
    runs = int(sys.argv[1])
    builds = [a.split("=", 1) for a in sys.argv[2:]]
    results = {name: [] for name, _ in builds}
    for name, command in builds:
        one(command)  # warm-up
    for r in range(runs):
        order = builds if r % 2 == 0 else list(reversed(builds))
        for name, command in order:
            results[name].append(one(command))
    for name, _ in builds:
        ms = [m for m, _ in results[name]]
        rss = [x for _, x in results[name]]
        print(json.dumps({"name": name, "runs": runs, "ready_ms_median": round(statistics.median(ms), 1),
                          "ready_ms_min": round(min(ms), 1), "ready_ms_max": round(max(ms), 1),
                          "idle_rss_mib_median": round(statistics.median(rss), 1)}))

main()
