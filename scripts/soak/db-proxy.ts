import { createServer, connect, type Server, type Socket } from "node:net";

/**
 * A TCP proxy owned by the soak, between the subgraphs and the MySQL server, so the database can
 * "go away" without touching the real server (which others use): `outage()` drops every
 * connection and refuses new ones (the port is closed) until `resume()`.
 */
export interface DatabaseProxy {
  port: number;
  /** connections passed through so far */
  connections(): number;
  outage(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}

export async function startDatabaseProxy(target: {
  host: string;
  port: number;
}): Promise<DatabaseProxy> {
  const open = new Set<Socket>();
  let accepted = 0;
  let server: Server | null = null;

  const handle = (client: Socket) => {
    accepted++;
    const upstream = connect(target.port, target.host);
    open.add(client);
    open.add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
    client.pipe(upstream);
    upstream.pipe(client);
  };

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const s = createServer(handle);
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => {
        server = s;
        resolve((s.address() as { port: number }).port);
      });
    });

  const close = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = null;
      for (const socket of open) socket.destroy();
      open.clear();
      if (!s) return resolve();
      s.close(() => resolve());
    });

  const port = await listen(0);
  return {
    port,
    connections: () => accepted,
    outage: close,
    async resume() {
      // the same port: the subgraphs' database URLs name it
      for (let attempt = 0; ; attempt++) {
        try {
          await listen(port);
          return;
        } catch (e) {
          if (attempt >= 20) throw e;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    },
    stop: close,
  };
}
