/** A peer did not come up: names the peer, the command and the end of what it printed. */
export class PeerStartError extends Error {
    constructor(
        peer: string,
        command: string,
        reason: string,
        outputTail: string,
        /** It exited before it was ready (rather than never answering). */
        readonly exitedEarly = false,
    ) {
        const tail = outputTail.trim() ? `\n--- last output of ${peer} ---\n${outputTail.trim()}` : "\n(it printed nothing)";
        super(`test peer '${peer}' failed to start: ${reason}\ncommand: ${command}${tail}`);
        this.name = "PeerStartError";
    }
}

/** The peer cannot be had on this machine: names the peer, what is missing and what a person does about it. */
export class PeerUnavailableError extends Error {
    constructor(
        readonly peer: string,
        readonly reason: string,
        readonly remedy: string,
    ) {
        super(`${peer} peer unavailable: ${reason}; ${remedy}`);
        this.name = "PeerUnavailableError";
    }
}
