// Propagation trials against running nodes: node 1 takes the admin writes, the others are read.
// Usage: node propagation.mjs TRIALS ROOT_SECRET BASE1 BASE2 [BASE3]
const [trials, rootSecret, ...bases] = [Number(process.argv[2]), process.argv[3], ...process.argv.slice(4)];
const basic = (id, secret) => "Basic " + Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64");

async function token(base, id, secret, audience) {
  return fetch(`${base}/oauth2/token`, {
    method: "POST", headers: { authorization: basic(id, secret), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", ...(audience ? { audience } : {}) }),
  });
}

const adminResponse = await token(bases[0], "tollgate-root", rootSecret);
if (adminResponse.status !== 200) throw new Error(`admin token: ${adminResponse.status}`);
const admin = (await adminResponse.json()).access_token;
async function post(path, body) {
  const r = await fetch(`${bases[0]}${path}`, { method: "POST", headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

const audience = "https://propagation.bench";
await post("/admin/apis", { identifier: audience, scopes: [{ value: "read" }], token_format: "opaque" });
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const series = [];
for (const target of bases.slice(1)) {
  const ms = [];
  for (let i = 0; i < trials; i++) {
    const client = await post("/admin/clients", { client_name: `propagation ${i}` });
    // The client itself must be known to the target first, so the trial times the grant alone.
    while ((await token(target, client.client_id, client.client_secret, audience)).status === 401) await new Promise((r) => setTimeout(r, 1));
    await post("/admin/grants", { client_id: client.client_id, audience, scope: ["read"] });
    const answered = performance.now();
    for (;;) {
      const r = await token(target, client.client_id, client.client_secret, audience);
      if (r.status === 200) break;
      await r.arrayBuffer();
      if (performance.now() - answered > 10_000) throw new Error(`grant not on ${target} after 10 s`);
    }
    ms.push(performance.now() - answered);
  }
  const sorted = [...ms].sort((a, b) => a - b);
  const round = (v) => Math.round(v * 10) / 10;
  series.push({ from: bases[0], to: target, trials, p50_ms: round(percentile(sorted, 50)), p90_ms: round(percentile(sorted, 90)),
    p99_ms: round(percentile(sorted, 99)), max_ms: round(sorted.at(-1)), mean_ms: round(ms.reduce((a, b) => a + b, 0) / ms.length) });
}
console.log(JSON.stringify({ measured: "admin POST /admin/grants answered by node 1 -> first 200 from another node's token endpoint for that grant", series }, null, 1));
