// A tiny HTTP forward proxy on loopback, for the engines that have no --host-resolver-rules.
//
// The demo's policies name page origins on port 3000 (http://127.0.0.1:3000,
// http://localhost:3000, http://a.demo.localhost:3000, ...), while the page server listens on a
// free port. Firefox and WebKit are told to send requests for "<host>:3000" to this proxy (a PAC
// script it serves, or WebDriver's proxy capability); the proxy connects them to the page
// server. The browser still computes the origin from the URL, so the Origin headers stay exactly
// what the policies name. Every connection goes to 127.0.0.1, whatever host the URL names: it
// never reaches beyond this machine.

import http from "node:http";

/**
 * Starts the proxy. URLs on `policyPort` go to 127.0.0.1:`pagePort`; any other port goes to the
 * same port on 127.0.0.1 (for a browser that sends everything here). Resolves with
 * { port, pacUrl, counts, close() }.
 */
export async function startProxy({ policyPort, pagePort }) {
  const agent = new http.Agent({ keepAlive: true });
  const counts = { page: 0, other: 0 };
  const server = http.createServer((req, res) => {
    if (req.url === "/proxy.pac") {
      res.writeHead(200, { "content-type": "application/x-ns-proxy-autoconfig", "cache-control": "no-store" });
      res.end(pac(policyPort, server.address().port));
      return;
    }
    let target;
    try {
      target = new URL(req.url);
    } catch {
      res.writeHead(400).end("absolute-form request expected");
      return;
    }
    if (target.protocol !== "http:" || !target.port) {
      res.writeHead(502).end(`the e2e proxy only forwards http://<host>:<port>, not ${req.url}`);
      return;
    }
    const toPage = target.port === String(policyPort);
    counts[toPage ? "page" : "other"] += 1;
    const headers = { ...req.headers };
    delete headers["proxy-connection"];
    const upstream = http.request(
      { host: "127.0.0.1", port: toPage ? pagePort : Number(target.port), method: req.method, path: `${target.pathname}${target.search}`, headers, agent },
      answer => {
        res.writeHead(answer.statusCode, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    upstream.on("error", error => {
      if (!res.headersSent) res.writeHead(502);
      res.end(String(error));
    });
    req.pipe(upstream);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const port = server.address().port;
  return {
    port,
    pacUrl: `http://127.0.0.1:${port}/proxy.pac`,
    // How many requests went to the page server, and how many to any other loopback port.
    counts,
    close: () =>
      new Promise(resolve => {
        agent.destroy();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

// Port-3000 URLs through the proxy, everything else (the API, the diagnostics) direct.
function pac(policyPort, proxyPort) {
  return `function FindProxyForURL(url, host) {
  if (url.substring(0, 5) === "http:" && url.indexOf(host + ":${policyPort}/") === 7) return "PROXY 127.0.0.1:${proxyPort}";
  return "DIRECT";
}
`;
}
