// Real-browser end-to-end suite: the demo, driven in one browser engine per run (E2E_ENGINE =
// chromium, firefox or webkit; see ../lib/engines.mjs), against one build of the demo API per
// run (E2E_API = actix, the `demo` binary with #[cors]; or axum, the `demo-axum` binary with
// cors-tower's policy! layers). Both builds serve the same page, routes and policies, so one
// expectation table holds for both.
//
// Run it with `bash e2e/run.sh`, which builds the demo first and runs every engine. It starts the
// built demo binary on free ports, loads the demo page in the engine, lets the page run its
// matrix of real fetch() calls, then asserts the browser's verdict for every call, what the
// engine reported for blocked calls (where its driver exposes console messages), and the
// server-side effects through the demo's diagnostics endpoints.
//
// The demo's #[cors] policies are compiled with page origins on port 3000
// (http://127.0.0.1:3000, http://localhost:3000, http://*.demo.localhost:3000). To keep those
// origins while the page server listens on a free port, Chromium is told to connect
// "<host>:3000" to that port (--host-resolver-rules), and Firefox and WebKit send "<host>:3000"
// requests to a loopback proxy that forwards them there (../lib/proxy.mjs); the origin the
// browser computes, and so the Origin header it sends, stays "<host>:3000".

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

import { ENGINES } from "../lib/engines.mjs";
import { startProxy } from "../lib/proxy.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..", "..");
const ENGINE = process.env.E2E_ENGINE || "chromium";
// The API builds: the binary, and the name the page's heading gives it.
const APIS = {
  actix: { bin: "demo", heading: "cors-actix demo" },
  axum: { bin: "demo-axum", heading: "cors-tower (axum) demo" },
};
const API = process.env.E2E_API || "actix";
const DEMO_BIN =
  process.env.E2E_DEMO_BIN ||
  path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, "target"), "debug", APIS[API]?.bin ?? "demo");
// Screenshots: demo-<engine>.png for the actix API, as before; demo-axum-<engine>.png for axum.
const SHOT_PREFIX = API === "actix" ? "demo" : `demo-${API}`;
const ARTIFACTS = process.env.E2E_ARTIFACTS || path.join(HERE, "..", "artifacts");
const POLICY_PORT = 3000;
const PAGE = `http://127.0.0.1:${POLICY_PORT}`;
const OTHER = `http://localhost:${POLICY_PORT}`;

// The verdict the browser must reach for each call of the page's matrix, kept here rather
// than read from the page, so that a wrong expectation in the page cannot make this suite pass.
// One table for every engine: an entry is the verdict all engines reach, or, only where an
// engine really differs, { all, <engine>: { expect, version, source, why } } with the engine
// version the difference was seen in and a link to the engine's source or bug. The page shows
// the same differences (and the suite checks that it lists exactly these).
const EXPECTED = {
  "public-get": "allowed",
  "public-get-other": "allowed",
  "public-credentials": "blocked",
  "session-login": "allowed",
  "session-read": "allowed \u00b7 cookie sent",
  "session-read-omit": "allowed \u00b7 no cookie",
  "session-read-other": "blocked",
  "credentials-without-acac": "blocked",
  "error-readable": "allowed \u00b7 404",
  "custom-headers": "allowed \u00b7 200",
  "exposed-header": "readable",
  "unexposed-header": "hidden",
  "header-not-listed": "blocked",
  "method-not-allowed": "blocked",
  "tenant-subdomain": "allowed",
  "tenant-apex": "blocked",
  "tenant-page": "blocked",
  "authorization-listed": "allowed \u00b7 200",
  "authorization-not-listed": "blocked",
  "auth-token": "allowed \u00b7 200",
  "auth-wrong-token": "allowed \u00b7 401",
  "auth-no-token": "allowed \u00b7 401",
  "comments-get-other": "allowed",
  "comments-post-other": "blocked",
  "comments-post-page": "allowed \u00b7 201",
  "strict-delete-page": "allowed \u00b7 note deleted",
  "strict-delete-other": "blocked \u00b7 handler did not run",
  "strict-form-other": "blocked \u00b7 handler did not run",
  "lenient-form-other": "blocked \u00b7 handler ran",
  "max-age": "1 preflight for 2 calls",
  "no-max-age": "2 preflights for 2 calls",
  "max-age-ip-literal": {
    all: "1 preflight for 2 calls",
    firefox: {
      expect: "2 preflights for 2 calls",
      version: "Firefox 153.8.0esr",
      source: "https://searchfox.org/mozilla-central/source/netwerk/protocol/http/nsCORSListenerProxy.cpp",
      why:
        "CORSCacheEntry::CheckRequest drops a cached preflight unless CheckDNSCache finds a DNS-cache record " +
        "of the request's host that was not re-resolved after the preflight was cached (skipped when a proxy " +
        "is used); for the IP literal 127.0.0.1 the entry is dropped, so every call sends its preflight. The " +
        "Fetch standard lets a cache entry be removed early. The max-age rows use the host name localhost.",
    },
  },
  "short-max-age": "2 preflights for 3 calls",
  "wildcard-authorization": "allowed \u00b7 echoed authorization",
  "wildcard-authorization-credentials": "allowed \u00b7 echoed authorization",
  "redirect-same-origin": "allowed \u00b7 200 \u00b7 redirected",
  "redirect-cross-origin": "allowed \u00b7 Origin null",
  "null-origin-allowed": "allowed \u00b7 Origin null",
  "null-origin-refused": "blocked",
  "named-policy": "allowed \u00b7 readable",
  "named-policy-other": "blocked",
  "env-origins-default": "allowed",
  "env-origins-page": "blocked",
  "predicate-customer": "allowed",
  "predicate-not-customer": "blocked",
  "strict-same-origin-form": "allowed \u00b7 Origin sent \u00b7 note deleted",
};

// The expectation for this run's engine.
function expectedFor(id) {
  const entry = EXPECTED[id];
  if (typeof entry === "string") return entry;
  return entry[ENGINE]?.expect ?? entry.all;
}

// The rows with a per-engine entry, and which engines have one.
const DIFFERENCES = Object.fromEntries(
  Object.entries(EXPECTED)
    .filter(([, entry]) => typeof entry !== "string")
    .map(([id, entry]) => [id, Object.keys(entry).filter(key => key !== "all")]),
);

const STARTUP_TIMEOUT_MS = 20_000;
const MATRIX_TIMEOUT_MS = 90_000;

// Everything the hooks set up, so that `after` can tear down whatever exists.
const run = {
  demo: null,
  demoOutput: "",
  browser: null,
  proxy: null,
  api: null,
  pageRun: null,
  results: new Map(),
  console: [],
};

function killDemo(signal) {
  if (run.demo && run.demo.exitCode === null && run.demo.signalCode === null) {
    run.demo.kill(signal);
  }
}
// Whatever happens to this process, the demo servers do not outlive it.
process.on("exit", () => killDemo("SIGKILL"));

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Starts the demo on free ports and resolves with the URLs it prints.
function startDemo() {
  const child = spawn(DEMO_BIN, ["--api-port", "0", "--page-port", "0"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  run.demo = child;
  return withTimeout(
    new Promise((resolve, reject) => {
      const urls = {};
      const read = chunk => {
        run.demoOutput += chunk;
        for (const [, name, url] of run.demoOutput.matchAll(/^(API|Page):\s+(http:\/\/\S+?)\/?$/gm)) {
          urls[name] = url;
        }
        if (urls.API && urls.Page) resolve(urls);
      };
      child.stdout.setEncoding("utf8").on("data", read);
      child.stderr.setEncoding("utf8").on("data", read);
      child.on("error", reject);
      child.on("exit", code => reject(new Error(`the demo exited (${code}) before printing its URLs:\n${run.demoOutput}`)));
    }),
    STARTUP_TIMEOUT_MS,
    "demo startup",
  );
}

async function waitUntilAnswers(url) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${url} does not answer: ${error}`);
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

async function api(pathname) {
  const response = await fetch(`${run.api}${pathname}`, { signal: AbortSignal.timeout(5000) });
  assert.equal(response.status, 200, `${pathname} answered ${response.status}`);
  return response.json();
}

const result = id => {
  const found = run.results.get(id);
  assert.ok(found, `the page produced no result for ${id}`);
  return found;
};

// Chromium's and Firefox's consoles report each CORS failure with the URL, which carries the
// call's rid (ids are letters, digits and dashes, so the rid ends where those do).
const corsErrorsFor = id => {
  const rid = new RegExp(`rid=${run.pageRun}-${id}(?![\\w-])`);
  return run.browser.console.filter(text => run.browser.corsError(text) && rid.test(text));
};

// What the page publishes once its matrix ran (runs in the browser: no outside references).
function collect() {
  return {
    run: window.demo.run,
    results: window.demo.results,
    engine: window.demo.engine,
    engineName: window.demo.engineName,
    differences: window.demo.differences,
    origin: location.origin,
    summary: document.getElementById("summary").textContent,
    summaryClass: document.getElementById("summary").className,
    heading: document.querySelector("h1").textContent,
    rows: document.querySelectorAll("#rows tr[data-case]").length,
    redRows: [...document.querySelectorAll("#rows tr[data-case]:not(.pass)")].map(row => row.dataset.case),
  };
}

// Starts the demo and the browser, runs the page's matrix and collects what every test checks.
async function setUp() {
  const engine = ENGINES[ENGINE];
  if (!engine) throw new Error(`unknown E2E_ENGINE ${ENGINE}; one of ${Object.keys(ENGINES).join(", ")}`);
  if (!APIS[API]) throw new Error(`unknown E2E_API ${API}; one of ${Object.keys(APIS).join(", ")}`);
  if (!fs.existsSync(DEMO_BIN)) {
    throw new Error(`demo binary not found at ${DEMO_BIN}; build it with: cargo build -p examples --bin ${APIS[API].bin}`);
  }
  const urls = await startDemo();
  run.api = urls.API;
  const pagePort = Number(new URL(urls.Page).port);
  await Promise.all([waitUntilAnswers(`${urls.API}/`), waitUntilAnswers(`${urls.Page}/`)]);

  run.proxy = await startProxy({ policyPort: POLICY_PORT, pagePort });
  run.browser = await engine.launch({
    policyPort: POLICY_PORT,
    pagePort,
    apiPort: Number(new URL(urls.API).port),
    proxy: run.proxy,
    viewport: { width: 1500, height: 900 },
  });

  // run.sh reads this line for its summary.
  console.log(`# engine: ${run.browser.label}`);
  // The fragment only tells the page which build the suite launched, for its heading.
  await run.browser.goto(`${PAGE}/#engine=${encodeURIComponent(run.browser.label)}`);
  const loaded = await run.browser.evaluate(() => ({ origin: location.origin, demo: !!document.getElementById("summary"), text: document.body?.innerText?.slice(0, 300) }));
  if (!loaded.demo) throw new Error(`${PAGE}/ did not load the demo page (${loaded.origin}): ${loaded.text}`);
  const deadline = Date.now() + MATRIX_TIMEOUT_MS;
  while (!(await run.browser.evaluate(() => window.demo?.done === true))) {
    if (Date.now() > deadline) throw new Error(`the page did not finish its matrix within ${MATRIX_TIMEOUT_MS} ms`);
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  const demo = await run.browser.evaluate(collect);
  run.pageRun = demo.run;
  run.page = demo;
  for (const entry of demo.results) run.results.set(entry.id, entry);

  await screenshot();
}

// Saves what the page shows, also after a failed run, where it shows how far the matrix got.
async function screenshot() {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await run.browser.screenshot(path.join(ARTIFACTS, `${SHOT_PREFIX}-${ENGINE}.png`));
}

// A test that first reports a failed setup as its own failure: node's runner would otherwise
// only cancel the tests of a failed hook, and the suite must fail, not skip, without Chromium.
function check(name, fn) {
  test(name, { timeout: 15_000 }, async () => {
    if (run.setupError) throw new Error(`setup failed: ${run.setupError.message}`);
    await fn();
  });
}

describe(`demo (${API} API) in ${ENGINE}`, () => {
  before(
    async () => {
      try {
        await setUp();
      } catch (error) {
        run.setupError = error;
        console.error(error);
        if (run.browser) await screenshot().catch(() => {});
      }
    },
    { timeout: 240_000 },
  );

  after(
    async () => {
      if (run.browser) {
        await withTimeout(run.browser.close(), 15_000, `closing ${ENGINE}`).catch(error => console.error(String(error)));
      }
      if (run.demo) {
        const exited = new Promise(resolve => {
          if (run.demo.exitCode !== null || run.demo.signalCode !== null) resolve();
          else run.demo.once("exit", resolve);
        });
        killDemo("SIGTERM");
        await withTimeout(exited, 5_000, "stopping the demo").catch(() => killDemo("SIGKILL"));
      }
      if (run.proxy) await run.proxy.close();
    },
    { timeout: 30_000 },
  );

  check("the page runs as http://127.0.0.1:3000, the origin the policies name", () => {
    assert.equal(run.page.origin, PAGE);
  });

  check(`the page is served by the ${API} build of the API`, () => {
    assert.ok(run.page.heading.startsWith(APIS[API].heading), run.page.heading);
  });

  check("origins on port 3000 reached the page server; the API was reached directly", () => {
    if (run.browser.routing !== "proxy") return;
    assert.ok(run.proxy.counts.page > 0, "no page request went through the suite's proxy");
    assert.equal(run.proxy.counts.other, 0, "API requests went through the suite's proxy");
  });

  check("the page covers exactly the expected calls", () => {
    assert.deepEqual([...run.results.keys()].sort(), Object.keys(EXPECTED).sort());
  });

  check(`the page names the engine it runs in (${ENGINE}) and lists the same engine differences`, () => {
    assert.equal(run.page.engine, ENGINE, run.page.engineName);
    assert.deepEqual(run.page.differences, DIFFERENCES);
  });

  for (const id of Object.keys(EXPECTED)) {
    const expected = expectedFor(id);
    check(`browser verdict: ${id} -> ${expected}`, () => {
      const entry = result(id);
      assert.equal(entry.observed, expected, `${entry.request} from ${entry.from}: ${entry.detail}`);
      assert.equal(entry.expected, expected, "the page's own expectation differs from this suite's");
      if (run.browser.console === null) return;
      if (expected.startsWith("blocked")) {
        assert.ok(corsErrorsFor(id).length > 0, `${run.browser.label} reported no CORS error for ${id}`);
      } else {
        assert.deepEqual(corsErrorsFor(id), [], `${run.browser.label} reported a CORS error for ${id}`);
      }
    });
  }

  check("the page shows an all-green table", () => {
    assert.equal(run.page.rows, Object.keys(EXPECTED).length);
    assert.deepEqual(run.page.redRows, []);
    assert.equal(run.page.summaryClass, "pass", run.page.summary);
  });

  check("credentials: the cookie set by POST /session came back, with the exact origin and ACAC", async () => {
    const [entry] = await api(`/_demo/log/${run.pageRun}-session-read`);
    assert.equal(entry.cookie, true);
    assert.equal(entry.allow_origin, PAGE);
    assert.equal(entry.allow_credentials, "true");
    const [wildcard] = await api(`/_demo/log/${run.pageRun}-public-credentials`);
    assert.equal(wildcard.allow_origin, "*", "the * route answers with *, which a credentialed fetch refuses");
  });

  check("max-age: the second preflighted PUT /settings sent no OPTIONS; /drafts (5 s default) and /previews (2 s) did", async () => {
    const methods = async rid => (await api(`/_demo/log/${run.pageRun}-${rid}`)).map(entry => entry.method);
    assert.deepEqual(await methods("settings"), ["OPTIONS", "PUT", "PUT"]);
    assert.deepEqual(await methods("drafts"), ["OPTIONS", "PUT", "OPTIONS", "PUT"]);
    assert.deepEqual(await methods("previews"), ["OPTIONS", "PUT", "PUT", "OPTIONS", "PUT"]);
    const ipPreflights = Number(expectedFor("max-age-ip-literal").split(" ")[0]);
    const preflights = await api("/_demo/preflights");
    assert.equal(preflights["/settings"], 1 + ipPreflights);
    assert.equal(preflights["/drafts"], 2);
    assert.equal(preflights["/previews"], 2);
  });

  check('headers = ["*"]: the preflights echoed "authorization", never a literal *', async () => {
    for (const id of ["wildcard-authorization", "wildcard-authorization-credentials"]) {
      const [preflight, actual] = await api(`/_demo/log/${run.pageRun}-${id}`);
      assert.equal(preflight.preflight, true, id);
      assert.equal(preflight.request_headers, "authorization", id);
      assert.equal(preflight.allow_headers, "authorization", id);
      assert.equal(actual.status, 200, id);
    }
    const [, credentialed] = await api(`/_demo/log/${run.pageRun}-wildcard-authorization-credentials`);
    assert.equal(credentialed.allow_credentials, "true");
    assert.equal(credentialed.cookie, true, "the session cookie came along with credentials: include");
  });

  check("redirects: the same-origin 307 kept the page's Origin; the cross-origin one made it null", async () => {
    const same = await api(`/_demo/log/${run.pageRun}-redirect-same-origin`);
    assert.deepEqual(same.map(entry => [entry.path, entry.status, entry.origin]), [
      ["/moved/1", 307, PAGE],
      ["/items/1", 200, PAGE],
    ]);
    const cross = await api(`/_demo/log/${run.pageRun}-redirect-cross-origin`);
    assert.deepEqual(cross.map(entry => [entry.path, entry.status, entry.origin, entry.allow_origin]), [
      ["/elsewhere", 307, PAGE, PAGE],
      ["/embed", 200, "null", "null"],
    ]);
  });

  check("null origin: the sandboxed frame sent Origin: null; only the allow_null_origin route answered it", async () => {
    const [allowed] = await api(`/_demo/log/${run.pageRun}-null-origin-allowed`);
    assert.equal(allowed.origin, "null");
    assert.equal(allowed.allow_origin, "null");
    const [refused] = await api(`/_demo/log/${run.pageRun}-null-origin-refused`);
    assert.equal(refused.origin, "null");
    assert.equal(refused.allow_origin, null);
  });

  check("same origin: the POST from the API's own origin carried Origin, and strict ran the handler", async () => {
    const [entry] = await api(`/_demo/log/${run.pageRun}-strict-same-origin-form`);
    assert.equal(entry.origin, new URL(run.api).origin);
    assert.equal(entry.status, 204);
    assert.deepEqual(await api(`/_demo/notes/${run.pageRun}-strict-same-origin-form`), { deleted: true, handler_runs: 1 });
  });

  check("strict: a disallowed origin never ran the delete handler", async () => {
    for (const id of ["strict-delete-other", "strict-form-other"]) {
      assert.deepEqual(await api(`/_demo/notes/${run.pageRun}-${id}`), { deleted: false, handler_runs: 0 }, id);
    }
    assert.deepEqual(await api(`/_demo/notes/${run.pageRun}-strict-delete-page`), { deleted: true, handler_runs: 1 });
    const [refused] = await api(`/_demo/log/${run.pageRun}-strict-form-other`);
    assert.equal(refused.status, 403);
    assert.equal(refused.rejection, `CORS request rejected: origin ${OTHER} is not allowed`);
  });

  check("without strict, the simple POST from a disallowed origin did run its handler", async () => {
    assert.deepEqual(await api(`/_demo/likes/${run.pageRun}-like`), { likes: 1 });
  });

  check("rejected preflights carry the reason in a 403 text body", async () => {
    const reasons = {
      "header-not-listed": "CORS preflight rejected: header x-debug is not allowed",
      "authorization-not-listed": "CORS preflight rejected: header authorization is not allowed",
      "comments-post-other": `CORS preflight rejected: origin ${OTHER} is not allowed`,
    };
    for (const [id, reason] of Object.entries(reasons)) {
      const [preflight, ...rest] = await api(`/_demo/log/${run.pageRun}-${id}`);
      assert.equal(preflight.preflight, true, id);
      assert.equal(preflight.status, 403, id);
      assert.equal(preflight.rejection, reason, id);
      assert.deepEqual(rest, [], `${id}: the browser sent the actual request after a refused preflight`);
    }
  });
});
