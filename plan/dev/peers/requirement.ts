import { PeerUnavailableError } from "./errors";

/**
 * Something a peer needs from the machine (a Debian package, a downloaded jar,
 * an npm package), and how the test run gets it when it is missing.
 */
export interface Requirement {
    /** Names it in the set-up figures, e.g. "chromium (apt-get)". Requirements with one name are provided once per run. */
    readonly name: string;
    /** Why it is not on this machine, or undefined when it is. */
    missing(): string | undefined;
    /**
     * Gets it onto the machine; rejects with why it could not (not root, download failed).
     * Absent when the run cannot get it at all (the google-cloud-cli emulators).
     */
    obtain?(): Promise<void>;
    /** What a person does to get it, for the skip line, e.g. "run `apt-get install -y postgresql` as root". */
    readonly remedy: string;
}

/** Bound on getting one requirement (apt-get of Chromium on a busy machine is the long one). */
export const setupTimeoutMs = Number(process.env.PEERS_SETUP_TIMEOUT_MS ?? 900_000);

/** One attempt per requirement per run, shared by every peer and suite that needs it. */
const provided = new Map<string, Promise<string | undefined>>();
const setupTimes: { readonly name: string; readonly ms: number }[] = [];
const verdicts = new Map<string, Promise<PeerUnavailableError | undefined>>();

/**
 * Provides each requirement in turn (once per run, however many suites ask at
 * the same time) and says why the peer cannot run, or undefined when it can.
 */
export function unavailability(peer: string, requirements: readonly Requirement[]): Promise<PeerUnavailableError | undefined> {
    let verdict = verdicts.get(peer);
    if (!verdict) {
        verdict = firstShortfall(peer, requirements);
        verdicts.set(peer, verdict);
    }
    return verdict;
}

async function firstShortfall(peer: string, requirements: readonly Requirement[]): Promise<PeerUnavailableError | undefined> {
    for (const requirement of requirements) {
        let attempt = provided.get(requirement.name);
        if (!attempt) {
            attempt = provide(requirement);
            provided.set(requirement.name, attempt);
        }
        const reason = await attempt;
        if (reason) return new PeerUnavailableError(peer, reason, requirement.remedy);
    }
    return undefined;
}

async function provide(requirement: Requirement): Promise<string | undefined> {
    const missing = requirement.missing();
    if (!missing || !requirement.obtain) return missing;
    const startedAt = performance.now();
    try {
        await requirement.obtain();
    } catch (error) {
        return `${missing}, and getting it failed: ${oneLine((error as Error).message)}`;
    }
    setupTimes.push({ name: requirement.name, ms: performance.now() - startedAt });
    const still = requirement.missing();
    return still && `${still}, even after getting it`;
}

/** What setting up missing requirements cost this run, e.g. "DynamoDB Local 1.25.1 (npm pack) 4.1 s", or undefined when nothing was missing. */
export function setupCost(): string | undefined {
    if (setupTimes.length === 0) return undefined;
    return setupTimes.map(({ name, ms }) => `${name} ${(ms / 1000).toFixed(1)} s`).join(", ");
}

/** The skip line stays one line: a command's multi-line error keeps its first line (the command) and its last two (the cause). */
function oneLine(text: string): string {
    const lines = text
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean);
    const kept = lines.length <= 3 ? lines : [lines[0], "...", ...lines.slice(-2)];
    const joined = kept.join(" / ");
    return joined.length > 500 ? `${joined.slice(0, 500)}...` : joined;
}
