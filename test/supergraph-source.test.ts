import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { supergraphSource } from "../gateway/supergraph";
import { captureLogger } from "./support/log";

/** Where the gateway learns of new supergraphs: a watched file, or a polled URL. */
describe("the supergraph source", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "supergraph-source-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const until = async (done: () => boolean) => {
    for (let i = 0; i < 50 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  };

  async function watch(options: { path?: string; url?: string }) {
    const updates: string[] = [];
    const capture = captureLogger();
    const lines = { join: () => capture.text() };
    const source = supergraphSource({ ...options, intervalMs: 50, logger: capture.logger });
    const update = (sdl: string) => {
      if (sdl.startsWith("broken")) throw new Error("it does not compose");
      updates.push(sdl);
    };
    const loaded = await source.hook({
      update,
      healthCheck: async () => {},
      getDataSource: () => ({}),
    } as never);
    return { loaded, updates, lines, source };
  }

  it("serves a file's new supergraph, and keeps the old one when the new one is refused", async () => {
    const file = path.join(dir, "supergraph.graphql");
    writeFileSync(file, "first");
    const w = await watch({ path: file });
    expect(w.loaded.supergraphSdl).toBe("first");
    writeFileSync(file, "second");
    await until(() => w.updates.length === 1);
    expect(w.updates).toEqual(["second"]);
    writeFileSync(file, "broken third");
    await until(() => w.source.status().lastRefused !== null);
    expect(w.source.status().lastRefused?.reason).toBe("it does not compose");
    expect(w.lines.join()).toMatch(/was refused; the previous one keeps serving/);
    expect(w.updates).toEqual(["second"]);
    await w.loaded.cleanup?.();
  });

  it("polls a URL for a new supergraph", async () => {
    let served = "one";
    const server: Server = createServer((_req, res) => res.end(served));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const w = await watch({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/supergraph.graphql`,
      });
      expect(w.loaded.supergraphSdl).toBe("one");
      served = "two";
      await until(() => w.updates.length === 1);
      expect(w.updates).toEqual(["two"]);
      await w.loaded.cleanup?.();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
