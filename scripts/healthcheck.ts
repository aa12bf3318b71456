import { request } from "undici";

/**
 * `node dist/scripts/healthcheck.js [PORT] [live|ready]`: exits 0 when the part on that port of
 * this machine says it is ready (or alive), 1 otherwise: for Docker's HEALTHCHECK and
 * orchestrators that run a command rather than an HTTP probe. PORT defaults to HEALTH_PORT, then 4000.
 */
async function main() {
  const port = Number(process.argv[2] ?? process.env.HEALTH_PORT ?? 4000);
  const which = process.argv[3] === "live" ? "live" : "ready";
  const res = await request(`http://127.0.0.1:${port}/health/${which}`, {
    headersTimeout: 3_000,
    bodyTimeout: 3_000,
  });
  await res.body.dump();
  process.exit(res.statusCode === 200 ? 0 : 1);
}

main().catch(() => process.exit(1));
