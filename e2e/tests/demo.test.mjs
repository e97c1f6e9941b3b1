// Real-browser end-to-end suite: the cors-actix demo, driven in Debian's Chromium.
//
// Run it with `bash e2e/run.sh`, which builds the demo first. It starts the built demo binary on
// free ports, loads the demo page in headless Chromium, lets the page run its matrix of real
// fetch() calls, then asserts the browser's verdict for every call, what Chromium reported for
// blocked calls, and the server-side effects through the demo's diagnostics endpoints.
//
// The demo's #[cors] policies are compiled with page origins on port 3000
// (http://127.0.0.1:3000, http://localhost:3000, http://*.demo.localhost:3000). To keep those
// origins while the page server listens on a free port, Chromium is told to connect
// "<host>:3000" to that port (--host-resolver-rules); the origin the browser computes, and so
// the Origin header it sends, stays "<host>:3000".

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
const DEMO_BIN =
  process.env.E2E_DEMO_BIN ||
  path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, "target"), "debug", "demo");
const ARTIFACTS = process.env.E2E_ARTIFACTS || path.join(HERE, "..", "artifacts");
const POLICY_PORT = 3000;
const PAGE = `http://127.0.0.1:${POLICY_PORT}`;
const OTHER = `http://localhost:${POLICY_PORT}`;

// The verdict the browser must reach for each call of the page's matrix, kept here rather
// than read from the page, so that a wrong expectation in the page cannot make this suite pass.
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
  "comments-get-other": "allowed",
  "comments-post-other": "blocked",
  "comments-post-page": "allowed \u00b7 201",
  "strict-delete-page": "allowed \u00b7 note deleted",
  "strict-delete-other": "blocked \u00b7 handler did not run",
  "strict-form-other": "blocked \u00b7 handler did not run",
  "lenient-form-other": "blocked \u00b7 handler ran",
  "max-age": "1 preflight for 2 calls",
  "no-max-age": "2 preflights for 2 calls",
};

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
    differences: window.demo.differences,
    origin: location.origin,
    summary: document.getElementById("summary").textContent,
    summaryClass: document.getElementById("summary").className,
    rows: document.querySelectorAll("#rows tr[data-case]").length,
    redRows: [...document.querySelectorAll("#rows tr[data-case]:not(.pass)")].map(row => row.dataset.case),
  };
}

// Starts the demo and the browser, runs the page's matrix and collects what every test checks.
async function setUp() {
  const engine = ENGINES[ENGINE];
  if (!engine) throw new Error(`unknown E2E_ENGINE ${ENGINE}; one of ${Object.keys(ENGINES).join(", ")}`);
  if (!fs.existsSync(DEMO_BIN)) {
    throw new Error(`demo binary not found at ${DEMO_BIN}; build it with: cargo build -p examples --bin demo`);
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
  await run.browser.goto(`${PAGE}/`);
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
  await run.browser.screenshot(path.join(ARTIFACTS, `demo-${ENGINE}.png`));
}

// A test that first reports a failed setup as its own failure: node's runner would otherwise
// only cancel the tests of a failed hook, and the suite must fail, not skip, without Chromium.
function check(name, fn) {
  test(name, { timeout: 15_000 }, async () => {
    if (run.setupError) throw new Error(`setup failed: ${run.setupError.message}`);
    await fn();
  });
}

describe(`cors-actix demo in ${ENGINE}`, () => {
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

  check("origins on port 3000 reached the page server; the API was reached directly", () => {
    if (run.browser.routing !== "proxy") return;
    assert.ok(run.proxy.counts.page > 0, "no page request went through the suite's proxy");
    assert.equal(run.proxy.counts.other, 0, "API requests went through the suite's proxy");
  });

  check("the page covers exactly the expected calls", () => {
    assert.deepEqual([...run.results.keys()].sort(), Object.keys(EXPECTED).sort());
  });

  for (const [id, expected] of Object.entries(EXPECTED)) {
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

  check("max-age: the second preflighted PUT /settings sent no OPTIONS; /drafts (5 s default) did", async () => {
    const preflights = await api("/_demo/preflights");
    assert.equal(preflights["/settings"], 1);
    assert.equal(preflights["/drafts"], 2);
    const settings = await api(`/_demo/log/${run.pageRun}-settings`);
    assert.deepEqual(settings.map(entry => entry.method), ["OPTIONS", "PUT", "PUT"]);
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
