import { execFile } from "node:child_process";

export interface RunOptions {
    readonly cwd?: string;
    readonly env?: NodeJS.ProcessEnv;
    readonly timeoutMs?: number;
}

/** Runs a command to its end and resolves with its stdout; the rejection names the command, how it ended and what it printed. */
export function runCommand(file: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
    const command = [file, ...args].join(" ");
    return new Promise((resolve, reject) => {
        execFile(
            file,
            args,
            { cwd: options.cwd, env: options.env, timeout: options.timeoutMs, maxBuffer: 64 * 2 ** 20 },
            (error, stdout, stderr) => {
                if (!error) return resolve(stdout);
                const ended = error.killed ? `killed after ${options.timeoutMs} ms` : `exit ${error.code}`;
                reject(new Error(`\`${command}\` failed (${ended})\n${(stderr || stdout).trim()}`));
            },
        );
    });
}
