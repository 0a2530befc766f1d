// Steady-state decision rate of a `bootstrap` in Lambda mode: this process is its Runtime API
// (GET next answers at once with the next event; the response POST is counted), so the figure is the
// whole warm loop: Runtime API round trips, event parsing, the decision, rendering. Two phases:
// unique RS256 tokens (each verified once: signature + claims), then one token over and over (cache hits).
// The same harness drives both builds, so their ratio is the comparison; the harness's own HTTP cost
// is part of every invocation and bounds the rate from above. The bootstrap's stdout is a pipe that another process
// (`wc -l`) drains, as Lambda's log agent does (the EMF metric lines go there; TOLLGATE_METRICS=off writes none):
// `stdoutLines` counts them (BENCH_STDOUT=null: /dev/null instead). `cpuMicrosPerInvocation` is the bootstrap's own user+system CPU time (/proc) over every
// invocation it answered, warm-up included: steadier than the rates on a shared machine; `uniqueCpuMicros` and
// `hitCpuMicros` are the same per phase (the fair comparison of two builds: the harness's own CPU is not in them).
//
//   node lambda-steady.mjs <bootstrap> <event.json> [unique tokens, default 3000] [cache-hit seconds, default 3]
//   BENCH_PIN=1 taskset -c 0 node lambda-steady.mjs ...   (the bootstrap on CPU 1 alone, the harness on CPU 0)
//   (engine settings in the environment as for the authorizer; BENCH_TOKEN_URL, BENCH_CLIENT_ID,
//    BENCH_CLIENT_SECRET and AUDIENCE to mint the tokens)
import http from 'node:http';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const [bootstrap, eventFile, uniqueArg, secondsArg] = process.argv.slice(2);
const uniqueCount = Number(uniqueArg ?? 3000);
const hitSeconds = Number(secondsArg ?? 3);
const template = JSON.parse(readFileSync(eventFile, 'utf8'));
const basic = 'Basic ' + Buffer.from(`${process.env.BENCH_CLIENT_ID}:${process.env.BENCH_CLIENT_SECRET}`).toString('base64');

async function mint() {
  const response = await fetch(process.env.BENCH_TOKEN_URL, {
    method: 'POST', headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', audience: process.env.AUDIENCE }),
  });
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
  return (await response.json()).access_token;
}

const tokens = [];
while (tokens.length < uniqueCount) tokens.push(...await Promise.all(Array.from({ length: Math.min(16, uniqueCount - tokens.length) }, mint)));
const events = tokens.map(t => Buffer.from(JSON.stringify({ ...template, authorizationToken: 'Bearer ' + t })));
const hitEvent = Buffer.from(JSON.stringify({ ...template, authorizationToken: 'Bearer ' + tokens[0] }));

let next = () => hitEvent;
let answered = 0, refused = 0, id = 0;
const server = http.createServer((req, res) => {
  if (req.method === 'GET') {
    const body = next();
    res.writeHead(200, {
      'content-type': 'application/json', 'content-length': body.length,
      'lambda-runtime-aws-request-id': `r${++id}`, 'lambda-runtime-deadline-ms': String(Date.now() + 30000),
      'lambda-runtime-invoked-function-arn': 'arn:aws:lambda:us-east-1:123456789012:function:tollgate-authorizer',
    });
    res.end(body);
    return;
  }
  req.resume();
  req.on('end', () => {
    if (req.url.endsWith('/response')) answered++; else refused++;
    if (waiter && answered + refused >= waiter.until) { const w = waiter; waiter = null; w.resolve(); }
    res.writeHead(202, { 'content-length': 0 }); res.end();
  });
});
let waiter = null;
const until = n => new Promise(resolve => { waiter = { until: n, resolve }; });
await new Promise(r => server.listen(0, '127.0.0.1', r));
const drain = spawn('wc', ['-l'], { stdio: ['pipe', 'pipe', 'ignore'] });
let drained = '';
drain.stdout.on('data', chunk => { drained += chunk; });
const drainClosed = new Promise(r => drain.on('close', r));
// BENCH_STDERR=pipe: the log lines (stderr) into a pipe too (drained by cat), as in Lambda; default /dev/null.
const logs = process.env.BENCH_STDERR === 'pipe' ? spawn('cat', [], { stdio: ['pipe', 'ignore', 'ignore'] }) : null;
// BENCH_PIN=<cpu list>: the bootstrap runs on those CPUs only (taskset; it execs, so the pid is the bootstrap's), as a
// Lambda function of up to 1,769 MB has at most one vCPU; pin this harness elsewhere (taskset -c 0 node ...).
const [file, args] = process.env.BENCH_PIN ? ['taskset', ['-c', process.env.BENCH_PIN, bootstrap]] : [bootstrap, []];
const child = spawn(file, args, {
  env: { ...process.env, AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${server.address().port}` },
  stdio: ['ignore', process.env.BENCH_STDOUT === 'null' ? 'ignore' : drain.stdin, logs ? logs.stdin : 'ignore'],
});
drain.stdin.destroy(); // the bootstrap holds the pipes' write ends; wc and cat see EOF when it exits
logs?.stdin.destroy();
const cpuSeconds = () => readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ').slice(11, 13).reduce((a, t) => a + Number(t), 0) / 100;

// Warm-up: 2,000 cache hits (tiered JIT settles in the ReadyToRun build).
await until(2000);
let i = 0;
next = () => events[i++] ?? hitEvent;
let start = process.hrtime.bigint();
let cpuStart = cpuSeconds();
const base = answered + refused;
await until(base + uniqueCount);
const uniqueRate = uniqueCount / (Number(process.hrtime.bigint() - start) / 1e9);
const uniqueCpuMicros = Math.round((cpuSeconds() - cpuStart) * 1e6 / uniqueCount);

next = () => hitEvent;
const hitBase = answered + refused;
start = process.hrtime.bigint();
cpuStart = cpuSeconds();
await new Promise(r => setTimeout(r, hitSeconds * 1000));
const hits = answered + refused - hitBase;
const hitRate = hits / (Number(process.hrtime.bigint() - start) / 1e9);
const hitCpuMicros = Math.round((cpuSeconds() - cpuStart) * 1e6 / hits * 10) / 10;
const cpuMicrosPerInvocation = Math.round(cpuSeconds() * 1e6 / (answered + refused));
child.kill();
server.close();
await drainClosed;
const stdoutLines = Number(drained.trim());
if (refused > 0) { console.error(`${refused} invocations were refused: not the Allow expected`); process.exit(1); }
console.log(JSON.stringify({ uniqueTokensPerSecond: Math.round(uniqueRate), cacheHitsPerSecond: Math.round(hitRate), unique: uniqueCount, stdoutLines, cpuMicrosPerInvocation,
  uniqueCpuMicros, hitCpuMicros }));
process.exit(0);
