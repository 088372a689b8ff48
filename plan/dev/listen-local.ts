/** Listens on a free port of 127.0.0.1 and returns the base URL, and a stop that cuts open connections (keep-alive clients) so it never hangs. */
import type { Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface ListeningServer {
    /** `http://127.0.0.1:<port>`. */
    readonly url: string;
    stop(): Promise<void>;
}

export async function listenLocal(server: Server): Promise<ListeningServer> {
    const sockets = new Set<Socket>();
    server.on("connection", (s) => {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        stop: () => {
            for (const s of sockets) s.destroy();
            return new Promise((resolve) => server.close(() => resolve()));
        },
    };
}
