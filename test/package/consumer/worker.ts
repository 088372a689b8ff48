// The user's Retry worker, bundled into the worker function by the installed package.
export async function process(message: { readonly body: unknown }): Promise<void> {
    if (message.body === undefined) throw new Error("shop-worker: empty message");
}
