/**
 * A delivery that polls its source, as the cloud's own pollers do (the Lambda stream mapping, the
 * change feed processor): one poll at a time, the next one POLL_MS after the last ended, a failed
 * poll logged and tried again, and stop() waiting for the poll under way.
 */
/** Lambda polls each stream shard about four times a second. */
const POLL_MS = 250;

export interface PollLoop {
    stop(): Promise<void>;
}

export function pollLoop(poll: () => Promise<void>, failed: (message: string) => void): PollLoop {
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let polling: Promise<void> = Promise.resolve();
    const schedule = () => {
        if (stopped) return;
        timer = setTimeout(() => {
            polling = poll()
                .catch((err: unknown) => {
                    if (!stopped) failed(`${err instanceof Error ? err.message : String(err)}; polling again`);
                })
                .finally(schedule);
        }, POLL_MS);
    };
    schedule();
    return {
        async stop() {
            stopped = true;
            clearTimeout(timer);
            await polling;
        },
    };
}
