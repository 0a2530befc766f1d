#!/usr/bin/env python3
"""Cold start of bootstrap in Lambda mode, against a local stand-in for the Lambda Runtime API.

Starts a fresh bootstrap process per run with AWS_LAMBDA_RUNTIME_API pointing here, serves it one
event, and reports what Lambda's REPORT line would call Init Duration (process start until the
runtime first asks for an event) and the first invocation (event handed out until its answer is
posted). The engine's settings come from this script's environment, as in Lambda:

  JWKS_URI=... TOKEN_ISSUER=... AUDIENCE=... deploy/aws/coldstart-lambda.py --event my-event.json

The issuers' keys are fetched during init, so Init Duration includes the JWKS request.
deploy/aws/coldstart-engine.sh runs this against a local Tollgate with a real token.
An init error (bad settings) is reported and stops the script.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = "/2018-06-01/runtime/"


class Run:
    def __init__(self, event: bytes):
        self.event = event
        self.started = time.perf_counter()
        self.first_next = None
        self.answered = None
        self.outcome = None
        self.done = threading.Event()


def make_handler(state):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            run = state["run"]
            if self.path != ROOT + "invocation/next":
                self.send_error(404)
                return
            if run.first_next is not None:
                run.done.set()  # the runtime asks for a second event: the first one is done
                time.sleep(30)  # keep it waiting until it is stopped
                return
            run.first_next = time.perf_counter()
            self.send_response(200)
            self.send_header("Lambda-Runtime-Aws-Request-Id", "coldstart-1")
            self.send_header("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 10_000))
            self.send_header("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:tollgate")
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(run.event)))
            self.end_headers()
            self.wfile.write(run.event)

        def do_POST(self):
            run = state["run"]
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            run.answered = time.perf_counter()
            run.outcome = (self.path[len(ROOT):], body.decode("utf-8", "replace"))
            self.send_response(202)
            self.send_header("Content-Length", "0")
            self.end_headers()
            run.done.set()

    return Handler


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", default=os.path.join(here, "dist", "publish-linux-x64", "bootstrap"))
    parser.add_argument("--event", default=os.path.join(here, "samples", "rest-token-event.json"))
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    with open(args.event, "rb") as f:
        event = f.read()
    state = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = dict(os.environ, AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{server.server_address[1]}")

    inits, firsts, totals, cpus = [], [], [], []
    for _ in range(args.runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        run = state["run"] = Run(event)
        process = subprocess.Popen([args.bootstrap], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        finished = run.done.wait(30)
        process.kill()
        process.wait()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        # CPU of the whole process (until killed just after its first answer): steadier than wall time on a busy machine.
        cpus.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
        if not finished or run.outcome is None:
            print("No answer within 30 s.")
            return 1
        path, body = run.outcome
        if path == "init/error":
            print(f"Init error after {(run.answered - run.started) * 1000:.1f} ms: {json.loads(body)['errorMessage']}")
            return 1
        inits.append((run.first_next - run.started) * 1000)
        firsts.append((run.answered - run.first_next) * 1000)
        totals.append((run.answered - run.started) * 1000)

    print(f"Last answer ({path}): {body}")
    for name, values in (("init (start -> first next)", inits), ("first invocation", firsts), ("start -> first answer", totals),
                         ("process CPU (user + sys)", cpus)):
        print(f"{name:28} min {min(values):7.1f}  median {statistics.median(values):7.1f}  "
              f"mean {statistics.fmean(values):7.1f}  max {max(values):7.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
