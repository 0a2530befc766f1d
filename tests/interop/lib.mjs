// Shared helpers for the interop scripts: environment, checks, a plain token request.
// Every script prints one "ok - ..." line per passed check and ends with
// "PASS <name>: N checks"; the first failed check prints "FAIL <name>: ..." and exits 1.

let checks = 0;
let scriptName = 'interop';

export function start(name) {
  scriptName = name;
  process.on('unhandledRejection', (e) => fail(`unexpected error: ${describe(e)}`));
}

export function env(name, fallback) {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') fail(`environment variable ${name} is required`);
  return value;
}

export function fail(message) {
  console.error(`FAIL ${scriptName}: ${message}`);
  process.exit(1);
}

export function ok(condition, message, detail) {
  if (!condition) fail(detail === undefined ? message : `${message} (got ${JSON.stringify(detail)})`);
  checks++;
  console.log(`ok - ${message}`);
}

export function equal(actual, expected, message) {
  ok(actual === expected, `${message}: ${JSON.stringify(expected)}`, actual);
}

/** Runs fn and passes when it throws and (await) predicate(error) holds; returns the error. */
export async function rejects(fn, message, predicate = () => true) {
  let error;
  try {
    await fn();
  } catch (e) {
    error = e;
  }
  if (error === undefined) fail(`${message}: expected a rejection, but it was accepted`);
  ok(await predicate(error), `${message} (${error?.constructor?.name ?? error?.name ?? 'Error'}: ${String(error?.message ?? error).slice(0, 120)})`);
  return error;
}

export function done() {
  console.log(`PASS ${scriptName}: ${checks} checks`);
}

export function describe(e) {
  if (!e) return String(e);
  const parts = [`${e.name ?? 'Error'}: ${e.message ?? e}`];
  if (e.code) parts.push(`code=${e.code}`);
  if (e.error) parts.push(`error=${e.error}`);
  if (e.error_description) parts.push(`error_description=${e.error_description}`);
  if (e.cause && e.cause !== e) parts.push(`cause=${describe(e.cause)}`);
  return parts.join(' ');
}

/** The server's base URL without a trailing slash (also its issuer). */
export function baseUrl() {
  return env('TOLLGATE_URL').replace(/\/+$/, '');
}

/** A client_credentials token straight from the token endpoint (client_secret_basic), no library. */
export async function fetchToken(audience, scope) {
  const id = env('TOLLGATE_CLIENT_ID');
  const secret = env('TOLLGATE_CLIENT_SECRET');
  const basic = Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64');
  const body = new URLSearchParams({ grant_type: 'client_credentials', audience });
  if (scope) body.set('scope', scope);
  const response = await fetch(`${baseUrl()}/oauth2/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  const text = await response.text();
  if (response.status !== 200) fail(`token request for ${audience} answered ${response.status}: ${text}`);
  const json = JSON.parse(text);
  if (typeof json.access_token !== 'string') fail(`token response for ${audience} has no access_token: ${text}`);
  return json.access_token;
}

/** The decoded protected header of a compact JWS, without verifying it. */
export function peekHeader(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString('utf8'));
}

/** The audiences to test per algorithm, from TOLLGATE_<ALG>_AUDIENCE. */
export function audiencesByAlg() {
  return {
    RS256: env('TOLLGATE_RS256_AUDIENCE'),
    ES256: env('TOLLGATE_ES256_AUDIENCE'),
    PS256: env('TOLLGATE_PS256_AUDIENCE'),
  };
}
