/**
 * Gateway Aggregation, locally: the aggregator bundle behind its route, each backend a local
 * stand-in answering JSON (with the `backend.<name>` faults), and a smoke call that checks the
 * docs' promise: 200 with every backend's body and `degraded` naming the optional backends that
 * failed; a failed required backend is a 502 problem document.
 */
import { aggregatorBundle } from "../../../components/gateway-aggregation/functions";
import type { BackendDocument, GatewayAggregationSettingsDocument } from "../../../handlers/gateway-aggregation/settings-document";
import { startHttpStandIn, RunningStandIn } from "../stand-ins/http-stand-in";
import { DevWiring, stackFunction } from "../wiring";
import { rebase, samplePath } from "./sample-path";

export const gatewayAggregationWiring: DevWiring = {
    unavailable: () => undefined,
    async prepare(pattern, context) {
        const fn = stackFunction(pattern, "");
        const settings = fn.settings as unknown as GatewayAggregationSettingsDocument;
        const standIns = new Map<string, RunningStandIn>();
        for (const backend of settings.backends) {
            const standIn = await startHttpStandIn(
                `backend.${backend.name}`,
                (req) => ({ status: 200, contentType: "application/json", body: JSON.stringify({ backend: backend.name, path: req.url }) }),
                context.faults.backends[backend.name],
                context.faults.seed,
                context.log,
            );
            standIns.set(backend.name, standIn);
        }
        const backends = settings.backends.map((b) => ({ ...b, url: rebase(b.url, standIns.get(b.name)!.url) }));
        const failed = (b: BackendDocument) => {
            const faults = context.faults.backends[b.name];
            const calls = standIns.get(b.name)!.calls;
            const timedOut = faults !== undefined && faults.latencyMs >= (b.timeoutMs ?? settings.timeoutMs);
            return timedOut || calls.length === 0 || calls.every((c) => c.status >= 400);
        };
        return {
            functions: [{ role: "", bundle: aggregatorBundle(), settings: { ...settings, backends } }],
            routes: [{ key: settings.route, role: "" }],
            async smoke(call) {
                for (const s of standIns.values()) s.calls.length = 0;
                const { method, path } = samplePath(settings.route);
                const answer = await call(method, path);
                const failedRequired = settings.backends.filter((b) => b.required !== false && failed(b)).map((b) => b.name);
                const failedOptional = settings.backends.filter((b) => b.required === false && failed(b)).map((b) => b.name);
                if (failedRequired.length > 0) {
                    const ok = answer.status === 502 && answer.contentType.startsWith("application/problem+json");
                    return {
                        ok,
                        summary: `${method} ${path} -> ${answer.status} (required backend ${failedRequired.join(", ")} failed: 502 expected)`,
                    };
                }
                if (answer.status !== 200)
                    return { ok: false, summary: `${method} ${path} -> ${answer.status}: ${answer.text.slice(0, 200)}` };
                const body = JSON.parse(answer.text) as Record<string, unknown> & { degraded?: string[] };
                const present = settings.backends.filter((b) => body[b.name] !== undefined).map((b) => b.name);
                const degraded = [...(body.degraded ?? [])].sort();
                const ok =
                    JSON.stringify(degraded) === JSON.stringify([...failedOptional].sort()) &&
                    settings.backends.every((b) => failedOptional.includes(b.name) || present.includes(b.name));
                return {
                    ok,
                    summary: `${method} ${path} -> 200 with ${present.join(", ") || "no backend"}; degraded: ${degraded.join(", ") || "none"}`,
                };
            },
            stop: async () => void (await Promise.all([...standIns.values()].map((s) => s.stop()))),
        };
    },
};
