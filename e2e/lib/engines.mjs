// The three browser engines the suite runs in, behind one small interface:
//
//   const browser = await ENGINES[name].launch({ policyPort, pagePort, proxy, viewport });
//   browser.label                  e.g. "Firefox 153.8.0esr"
//   browser.console                the console messages seen so far, or null when the engine's
//                                  driver cannot expose them (WebKit over WebDriver classic)
//   await browser.goto(url)
//   await browser.evaluate(fn)     runs a function without arguments in the top page
//   await browser.screenshot(file) the whole page as a PNG
//   await browser.close()
//
// - chromium: Debian's chromium, driven by playwright-core over CDP. Origins on port 3000 reach
//   the page server through --host-resolver-rules.
// - firefox: Debian's firefox-esr, headless, driven by puppeteer-core over WebDriver BiDi.
//   Origins on port 3000 reach the page server through the suite's loopback proxy, chosen by a
//   PAC script (network.proxy.autoconfig_url); the API is reached directly.
// - webkit: WebKitGTK's MiniBrowser (--automation), driven through WebKitWebDriver by the
//   suite's own WebDriver client, under Xvfb. Same proxy as Firefox, through MiniBrowser's
//   --proxy and --ignore-host options.

import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

import { WebDriverSession } from "./webdriver.mjs";

export const BINARIES = {
  chromium: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  firefox: process.env.FIREFOX_PATH || "/usr/bin/firefox-esr",
  webkit: process.env.MINIBROWSER_PATH || "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
  webkitDriver: process.env.WEBKIT_DRIVER_PATH || "/usr/bin/WebKitWebDriver",
};

const LAUNCH_TIMEOUT_MS = 60_000;

function requireFile(file, what) {
  if (!fs.existsSync(file)) {
    throw new Error(`${what} not found at ${file}; install it with: bash e2e/install.sh`);
  }
}

function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

const chromium = {
  name: "chromium",
  async launch({ policyPort, pagePort, viewport }) {
    requireFile(BINARIES.chromium, "Chromium");
    const { chromium: playwright } = await import("playwright-core");
    const rules = ["127.0.0.1", "localhost", "demo.localhost", "*.demo.localhost"]
      .map(host => `MAP ${host}:${policyPort} 127.0.0.1:${pagePort}`)
      .join(", ");
    const userDataDir = tempDir("cors-e2e-chromium-");
    const cleanUp = () => fs.rmSync(userDataDir, { recursive: true, force: true });
    let context;
    try {
      context = await playwright.launchPersistentContext(userDataDir, {
        executablePath: BINARIES.chromium,
        headless: true,
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          `--host-resolver-rules=${rules}`,
        ],
        viewport,
        timeout: LAUNCH_TIMEOUT_MS,
      });
    } catch (error) {
      cleanUp();
      throw error;
    }
    context.setDefaultTimeout(15_000);
    const page = context.pages()[0] ?? (await context.newPage());
    const consoleMessages = [];
    page.on("console", message => consoleMessages.push(message.text()));
    const version = execFileSync(BINARIES.chromium, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
      .match(/Chromium ([\d.]+)/)?.[1] ?? "unknown";
    return {
      name: "chromium",
      // How origins on port 3000 reach the page server.
      routing: "host-resolver-rules",
      label: `Chromium ${version}`,
      console: consoleMessages,
      // Chromium: "Access to fetch at '<url>' from origin '<origin>' has been blocked by CORS policy: ..."
      corsError: text => text.includes("blocked by CORS policy"),
      goto: url => page.goto(url, { timeout: 15_000 }),
      evaluate: fn => page.evaluate(fn),
      screenshot: file => page.screenshot({ path: file, fullPage: true }),
      close: async () => {
        try {
          await context.close();
        } finally {
          cleanUp();
        }
      },
    };
  },
};

const firefox = {
  name: "firefox",
  async launch({ proxy, viewport }) {
    requireFile(BINARIES.firefox, "Firefox");
    const { default: puppeteer } = await import("puppeteer-core");
    const userDataDir = tempDir("cors-e2e-firefox-");
    const cleanUp = () => fs.rmSync(userDataDir, { recursive: true, force: true });
    let browser;
    try {
      browser = await puppeteer.launch({
        browser: "firefox",
        executablePath: BINARIES.firefox,
        headless: true,
        userDataDir,
        defaultViewport: viewport,
        timeout: LAUNCH_TIMEOUT_MS,
        protocolTimeout: 60_000,
        extraPrefsFirefox: {
          // Page origins on port 3000 go through the suite's proxy; the API goes direct.
          "network.proxy.type": 2,
          "network.proxy.autoconfig_url": proxy.pacUrl,
          // Firefox never asks a proxy (or PAC script) about loopback hosts unless told to.
          "network.proxy.allow_hijacking_localhost": true,
          "network.proxy.no_proxies_on": "",
          // Plain-http loopback pages: no HTTPS upgrades.
          "dom.security.https_first": false,
          "dom.security.https_first_pbm": false,
          "dom.security.https_only_mode": false,
        },
      });
    } catch (error) {
      cleanUp();
      throw error;
    }
    const pages = await browser.pages();
    const page = pages[0] ?? (await browser.newPage());
    const consoleMessages = [];
    page.on("console", message => consoleMessages.push(message.text()));
    page.on("pageerror", error => consoleMessages.push(String(error?.message ?? error)));
    const version = execFileSync(BINARIES.firefox, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
      .match(/Firefox ([\w.]+)/)?.[1] ?? (await browser.version()).replace(/^firefox\//i, "");
    return {
      name: "firefox",
      routing: "proxy",
      label: `Firefox ${version}`,
      console: consoleMessages,
      corsError: text => text.includes("Cross-Origin Request Blocked"),
      goto: url => page.goto(url, { timeout: 15_000 }),
      evaluate: fn => page.evaluate(fn),
      screenshot: file => page.screenshot({ path: file, fullPage: true }),
      close: async () => {
        try {
          await browser.close();
        } finally {
          cleanUp();
        }
      },
    };
  },
};

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForDriver(base, driver, output) {
  const deadline = Date.now() + LAUNCH_TIMEOUT_MS;
  for (;;) {
    if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited (${driver.exitCode}):\n${output()}`);
    try {
      const response = await fetch(`${base}/status`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`WebKitWebDriver does not answer at ${base}: ${error}\n${output()}`);
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

const SESSION_ATTEMPTS = 2;
const SESSION_TIMEOUT_MS = 20_000;

// Starts WebKitWebDriver on a free port, in its own process group so that stopping it also ends
// the MiniBrowser and web processes it started.
async function startWebKitDriver() {
  const port = await freePort();
  let log = "";
  const child = spawn(BINARIES.webkitDriver, [`--port=${port}`, "--host=127.0.0.1"], {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  for (const stream of [child.stdout, child.stderr]) stream.setEncoding("utf8").on("data", chunk => (log += chunk));
  const stop = () => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  };
  process.on("exit", stop);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForDriver(base, child, () => log);
  } catch (error) {
    stop();
    throw error;
  }
  // The driver's processes (MiniBrowser, web and network processes), for a failure report.
  const processes = () => {
    try {
      return execFileSync("ps", ["-eo", "pid,pgid,stat,etime,args"], { encoding: "utf8" })
        .split("\n")
        .filter(line => line.trim().split(/\s+/)[1] === String(child.pid))
        .join("\n");
    } catch (error) {
      return String(error);
    }
  };
  return { base, output: () => log.trim(), processes, stop };
}

const webkit = {
  name: "webkit",
  async launch({ proxy, viewport, apiPort }) {
    requireFile(BINARIES.webkitDriver, "WebKitWebDriver");
    requireFile(BINARIES.webkit, "MiniBrowser");
    if (!process.env.DISPLAY) {
      throw new Error("WebKit needs an X display: run it under xvfb-run (bash e2e/run.sh does)");
    }
    const capabilities = {
      alwaysMatch: {
        "webkitgtk:browserOptions": {
          binary: BINARIES.webkit,
          // Page origins on port 3000 go through the suite's proxy; the API goes direct.
          // MiniBrowser's own options, not WebDriver's proxy capability: with that capability
          // WebKitWebDriver 2.50.6 sometimes never started MiniBrowser and the new-session
          // request hung (2 of 25 sessions; 0 of 30 with these options).
          args: [
            "--automation",
            `--proxy=http://127.0.0.1:${proxy.port}`,
            `--ignore-host=127.0.0.1:${apiPort}`,
            `--ignore-host=localhost:${apiPort}`,
          ],
        },
      },
    };
    // Should a new session hang anyway, give each attempt 20 s and start afresh once, saying so
    // in the output, before failing with what the driver printed and which processes it had.
    let driver;
    let session;
    const failures = [];
    for (let attempt = 1; attempt <= SESSION_ATTEMPTS && !session; attempt += 1) {
      driver = await startWebKitDriver();
      try {
        session = await WebDriverSession.create(driver.base, capabilities, SESSION_TIMEOUT_MS);
        await session.setWindowRect({ x: 0, y: 0, width: viewport.width, height: viewport.height });
      } catch (error) {
        failures.push(
          `attempt ${attempt}: ${error.message}; WebKitWebDriver output: ${driver.output() || "(none)"}; ` +
            `its processes:\n${driver.processes()}`,
        );
        session = null;
        driver.stop();
        if (attempt < SESSION_ATTEMPTS) console.log(`# webkit: no session, starting WebKitWebDriver again; ${failures.at(-1)}`);
      }
    }
    if (!session) throw new Error(`WebKit did not start:\n${failures.join("\n")}`);
    const version = session.capabilities?.browserVersion ?? "unknown";
    return {
      name: "webkit",
      routing: "proxy",
      label: `WebKitGTK ${version}`,
      // WebDriver classic has no console log, and WebKitWebDriver offers no BiDi here.
      console: null,
      corsError: () => false,
      goto: url => session.navigate(url),
      evaluate: fn => session.execute(`return (${fn.toString()})();`),
      screenshot: async file => {
        // WebDriver screenshots are of the viewport: grow the window to the page first.
        const height = await session.execute("return Math.ceil(document.documentElement.scrollHeight);");
        await session.setWindowRect({ width: viewport.width, height: Math.min(height + 120, 6000) });
        await new Promise(resolve => setTimeout(resolve, 300));
        fs.writeFileSync(file, await session.screenshot());
      },
      close: async () => {
        try {
          await session.delete();
        } finally {
          driver.stop();
        }
      },
    };
  },
};

export const ENGINES = { chromium, firefox, webkit };
