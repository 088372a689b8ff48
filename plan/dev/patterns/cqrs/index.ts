/**
 * CQRS, locally: the command, projector and query functions from the bundles the cloud gets, the
 * write model on its store's real peer, its changes delivered to the projector as the cloud
 * delivers them (per cloud: ./aws.ts, ...), and the read model on a local stand-in that speaks the
 * read store's REST API (no OpenSearch, AI Search or BigQuery runs locally; the run says so). The
 * smoke run PUTs a document, then GETs it with `minVersion` (read-your-writes): 503 until the
 * projector has it, then 200 with the document.
 */
import { Cloud } from "../../../../components/cloud";
import { cqrsBundle } from "../../../../components/cqrs/functions";
import type { BundleSpec } from "../../../../components/platform/types";
import {
    commandRoutes,
    queryRoutes,
    type CommandSettingsDocument,
    type ProjectorSettingsDocument,
    type QuerySettingsDocument,
    type ReadModelDocument,
} from "../../../../handlers/cqrs/settings-document";
import type { StackPattern } from "../../stack-functions";
import { DevContext, DevWiring, FrontDoorCall, LocalFunction, SmokeOutcome, stackFunction } from "../../wiring";
import { awsCqrs } from "./aws";
import { azureCqrs } from "./azure";
import { gcpCqrs } from "./gcp";

/** The three functions' settings as the stack wrote them. */
export interface CqrsStackSettings {
    readonly command: CommandSettingsDocument;
    readonly projector: ProjectorSettingsDocument;
    readonly query: QuerySettingsDocument;
}

/** One cloud's local write store, change delivery and read store. */
export interface LocalCqrs {
    /** The settings, their store endpoints pointed at the local peer and stand-in. */
    readonly settings: CqrsStackSettings;
    /** The read store the local stand-in speaks for (`OpenSearch`), named in the smoke line. */
    readonly readStoreStandsInFor: string;
    /** Variables each function needs to find the local peers (SDK endpoints, credentials). */
    readonly environment: Readonly<Record<string, string>>;
    /** What the projector is triggered by, when the stack's own trigger is not what the local host serves. */
    readonly projectorTrigger?: BundleSpec["trigger"];
    /** Starts delivering the write model's changes to the projector's host. */
    connect(projectorUrl: string): void;
    stop(): Promise<void>;
}

export type LocalCqrsFactory = (pattern: StackPattern, settings: CqrsStackSettings, context: DevContext) => Promise<LocalCqrs>;

const FACTORIES: Record<Cloud, LocalCqrsFactory> = { [Cloud.Aws]: awsCqrs, [Cloud.Azure]: azureCqrs, [Cloud.Gcp]: gcpCqrs };

/** How long the smoke run waits for the projection. */
const PROJECTION_WAIT_MS = 30_000;

export const cqrsWiring: DevWiring = {
    unavailable: () => undefined,
    async prepare(pattern, context) {
        const stack: CqrsStackSettings = {
            command: stackFunction(pattern, "command").settings as unknown as CommandSettingsDocument,
            projector: stackFunction(pattern, "projector").settings as unknown as ProjectorSettingsDocument,
            query: stackFunction(pattern, "query").settings as unknown as QuerySettingsDocument,
        };
        const local = await FACTORIES[context.cloud](pattern, stack, context);
        const fn = (role: "command" | "projector" | "query", trigger: BundleSpec["trigger"]): LocalFunction => ({
            role,
            bundle: cqrsBundle(context.cloud, role, trigger),
            settings: local.settings[role],
            environment: local.environment,
        });
        const entity = stack.command.entity;
        return {
            functions: [
                fn("command", { kind: "http" }),
                fn("projector", local.projectorTrigger ?? { kind: "http" }),
                fn("query", { kind: "http" }),
            ],
            routes: [
                ...commandRoutes(entity).map((key) => ({ key, role: "command" })),
                ...queryRoutes(entity).map((key) => ({ key, role: "query" })),
            ],
            started: (hosts) => local.connect(hosts.get("projector")!),
            smoke: (call) => readYourWrites(call, stack.query.readModel, local.readStoreStandsInFor, context),
            stop: () => local.stop(),
        };
    },
};

/** PUT a document, then GET it with the version the PUT answered until the read model has it. */
async function readYourWrites(
    call: FrontDoorCall,
    readModel: ReadModelDocument,
    readStore: string,
    context: DevContext,
): Promise<SmokeOutcome> {
    const { entity } = readModel;
    // A date is an instant: BigQuery gives a TIMESTAMP back in its own notation (`.000Z`), the others as written.
    const sameValue = (field: string, a: unknown, b: unknown) =>
        readModel.fields[field]?.type === "date"
            ? Date.parse(String(a)) === Date.parse(String(b))
            : JSON.stringify(a) === JSON.stringify(b);
    const id = `smoke-${Date.now()}`;
    const document = { name: "Smoke test kettle", category: "kitchen", price: 24.5, tags: ["smoke"], updatedAt: "2026-01-31T09:30:00Z" };
    const put = await call("PUT", `/${entity}/${id}`, document);
    const version = put.status === 201 ? (JSON.parse(put.text) as { version?: number }).version : undefined;
    const putLine = `PUT /${entity}/${id} -> ${put.status}${version ? ` (version ${version})` : ""}`;
    if (put.status !== 201 || !version) return { ok: false, summary: `${putLine}: ${put.text.slice(0, 200)}` };
    const path = `/${entity}/${id}?minVersion=${version}`;
    const deadline = Date.now() + PROJECTION_WAIT_MS;
    let waited = 0;
    for (;;) {
        const got = await call("GET", path);
        if (got.status === 503 && Date.now() < deadline) {
            waited++;
            await new Promise((r) => setTimeout(r, 200));
            continue;
        }
        const read = got.status === 200 ? (JSON.parse(got.text) as { version: number; document: Record<string, unknown> }) : undefined;
        const same = read !== undefined && Object.entries(document).every(([k, v]) => sameValue(k, read.document[k], v));
        if (read) context.log(`read model has ${entity}/${id} at version ${read.version}: ${JSON.stringify(read.document)}`);
        const wait = waited > 0 ? `503 (not yet projected) x${waited}, then ` : "";
        return {
            ok: same && read.version === Number(version),
            summary:
                `${putLine}; GET ${path} -> ${wait}${got.status}${same ? " with the document" : `: ${got.text.slice(0, 200)}`}` +
                ` (read model: local stand-in for ${readStore})`,
        };
    }
}
