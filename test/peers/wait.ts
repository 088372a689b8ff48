/** Polls until `condition` holds; the test's own timeout bounds the wait (signals are delivered asynchronously). */
export async function until(condition: () => boolean): Promise<void> {
    while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}
