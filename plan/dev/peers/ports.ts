import * as net from "node:net";

/** A TCP port on 127.0.0.1 that nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

/** The port an in-process server bound to (after `listen(0)`). */
function boundPort(server: net.Server): number {
    return (server.address() as net.AddressInfo).port;
}

/** Listens on 127.0.0.1 with an OS-chosen port and resolves once bound. */
export function listenOnLoopback(server: net.Server): Promise<number> {
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve(boundPort(server)));
    });
}

/** Closes an in-process server, dropping idle keep-alive sockets so close() does not hang. */
export function closeServer(server: net.Server): Promise<void> {
    return new Promise((resolve) => {
        const http = server as net.Server & { closeAllConnections?: () => void };
        server.close(() => resolve());
        http.closeAllConnections?.();
    });
}
