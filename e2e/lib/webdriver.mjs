// A minimal W3C WebDriver (classic) client: just what the suite needs to drive WebKitGTK's
// MiniBrowser through WebKitWebDriver. Uses Node's built-in fetch.

export class WebDriverError extends Error {}

export class WebDriverSession {
  constructor(base, id, capabilities) {
    this.base = base;
    this.id = id;
    this.capabilities = capabilities;
  }

  /** Creates a session on the driver at `base` (e.g. http://127.0.0.1:4444). */
  static async create(base, capabilities, timeoutMs = 60_000) {
    const value = await command(base, "POST", "/session", { capabilities }, timeoutMs);
    return new WebDriverSession(base, value.sessionId, value.capabilities);
  }

  send(method, path, body, timeoutMs = 30_000) {
    return command(this.base, method, `/session/${this.id}${path}`, body, timeoutMs);
  }

  navigate(url) {
    return this.send("POST", "/url", { url });
  }

  /** Runs `source` (a function body that may `return`) in the current page. */
  execute(source, args = []) {
    return this.send("POST", "/execute/sync", { script: source, args });
  }

  setWindowRect(rect) {
    return this.send("POST", "/window/rect", rect);
  }

  /** The current viewport as a PNG buffer. */
  async screenshot() {
    return Buffer.from(await this.send("GET", "/screenshot"), "base64");
  }

  delete() {
    return this.send("DELETE", "", undefined, 15_000);
  }
}

async function command(base, method, path, body, timeoutMs) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json; charset=utf-8" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new WebDriverError(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  }
  const value = parsed.value;
  if (!response.ok || (value && typeof value === "object" && "error" in value && value.error)) {
    throw new WebDriverError(`${method} ${path}: ${value?.error}: ${value?.message}`);
  }
  return value;
}
