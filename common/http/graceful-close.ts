import type { Server } from "node:http";
import { Server as NetServer, type Socket } from "node:net";

/**
 * Stops an HTTP server without cutting a request that has reached it.
 *
 * Node's own `server.close()` (since Node 19) also closes every connection that has no request
 * in progress at that instant, and a connection the server has just accepted, whose request is
 * still on its way or not yet parsed, counts as one: its client sees ECONNRESET and cannot tell
 * whether the request ran. (Measured here: 2 of ~60 requests on fresh connections cut while a
 * loaded gateway stopped.) So this closes only the listening socket at once, which refuses new
 * connections, and then closes a kept-alive connection only once it has carried no request for
 * `settleMs`; responses given while stopping carry `connection: close` (http.ts), so busy clients
 * move elsewhere on their own. After `graceMs` whatever is left is cut, and the caller logs it.
 */
export function trackConnections(server: Server, settleMs = 150) {
  const idleSince = new Map<Socket, number>();
  const busy = new Map<Socket, number>();
  server.on("connection", (socket: Socket) => {
    idleSince.set(socket, Date.now());
    socket.once("close", () => {
      idleSince.delete(socket);
      busy.delete(socket);
    });
  });
  server.on("request", (req, res) => {
    const socket = req.socket;
    busy.set(socket, (busy.get(socket) ?? 0) + 1);
    res.once("close", () => {
      const left = (busy.get(socket) ?? 1) - 1;
      if (left > 0) busy.set(socket, left);
      else busy.delete(socket);
      idleSince.set(socket, Date.now());
    });
  });

  const closeSettled = () => {
    const now = Date.now();
    for (const [socket, since] of idleSince)
      if (!busy.has(socket) && now - since >= settleMs) socket.destroy();
  };

  return {
    /** requests being answered now */
    get inFlight() {
      let n = 0;
      for (const count of busy.values()) n += count;
      return n;
    },
    /**
     * Resolves once every connection has closed, or after `graceMs` with the number of requests
     * that were still being answered (their connections are then cut).
     */
    async close(graceMs: number): Promise<number> {
      const listening = new Promise<void>((resolve) =>
        // the plain net.Server close: stop accepting, leave open connections to this function
        NetServer.prototype.close.call(server, () => resolve()),
      );
      const deadline = Date.now() + graceMs;
      while (idleSince.size > 0 && Date.now() < deadline) {
        closeSettled();
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const cut = this.inFlight;
      server.closeAllConnections();
      for (const socket of idleSince.keys()) socket.destroy();
      await listening;
      return cut;
    },
  };
}
