/**
 * GCP: API Gateway -> Cloud Function (gen2), the legacy credentials in Secret Manager, and
 * `roles/secretmanager.secretAccessor` for the function's own service account on that one secret.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { createGcpFunction, GcpFunction } from "../platform/function-gcp";
import { API_GATEWAY_APIS, enableGcpApis, FUNCTION_APIS } from "../platform/gcp-apis";
import { createGcpApiGateway, GcpApiGateway } from "../platform/http-gcp";
import { gcpResourceId } from "../platform/naming";
import { gcpLabels } from "../platform/tags";
import type { AntiCorruptionLayerImplementation, AntiCorruptionLayerOutputs } from "./outputs";
import type { ResolvedAntiCorruptionLayerArgs } from "./resolve";

export interface GcpAntiCorruptionLayer extends AntiCorruptionLayerOutputs {
    readonly apiGateway: GcpApiGateway;
    readonly function: GcpFunction;
    readonly credentialsSecret?: gcp.secretmanager.Secret;
    readonly credentialsVersion?: gcp.secretmanager.SecretVersion;
    /** secretAccessor on the secret, for the function's service account only. */
    readonly secretAccess?: gcp.secretmanager.SecretIamMember;
}

export const createGcpAntiCorruptionLayer: AntiCorruptionLayerImplementation<GcpAntiCorruptionLayer> = (
    name: string,
    resolved: ResolvedAntiCorruptionLayerArgs,
    componentOpts: pulumi.CustomResourceOptions,
) => {
    const apis = [...FUNCTION_APIS, ...API_GATEWAY_APIS, ...(resolved.credentials ? ["secretmanager.googleapis.com"] : [])];
    const { opts } = enableGcpApis(name, apis, resolved.gcp.enableApis, componentOpts);
    const store = resolved.credentials && storeCredentials(name, resolved, resolved.credentials, opts);
    const fn = createGcpFunction(
        `${name}-translator`,
        {
            ...resolved.function,
            bundle: resolved.bundle,
            region: resolved.gcp.region,
            settings: resolved.settings(store && { provider: "gcp", name: pulumi.interpolate`${store.secret.name}/versions/latest` }),
        },
        opts,
    );
    const secretAccess =
        store &&
        new gcp.secretmanager.SecretIamMember(
            `${name}-secret-access`,
            { secretId: store.secret.id, role: "roles/secretmanager.secretAccessor", member: fn.serviceAccount.member },
            opts,
        );
    const apiGateway = createGcpApiGateway(
        `${name}-front`,
        {
            routes: resolved.routes.map((r) => r.key),
            fn: fn.function,
            region: resolved.gcp.region,
            timeoutSeconds: Math.ceil(resolved.frontDoorTimeoutMs / 1000),
            labels: resolved.tags,
        },
        opts,
    );
    return {
        apiGateway,
        function: fn,
        credentialsSecret: store?.secret,
        credentialsVersion: store?.version,
        secretAccess,
        functionName: fn.functionName,
        url: apiGateway.url,
    };
};

function storeCredentials(
    name: string,
    resolved: ResolvedAntiCorruptionLayerArgs,
    credentials: pulumi.Output<string>,
    opts: pulumi.CustomResourceOptions,
) {
    // Google-managed encryption at rest; replicated automatically.
    const secret = new gcp.secretmanager.Secret(
        `${name}-credentials`,
        { secretId: gcpResourceId(`${name}-legacy-credentials`), replication: { auto: {} }, labels: gcpLabels(resolved.tags) },
        opts,
    );
    const version = new gcp.secretmanager.SecretVersion(`${name}-credentials-value`, { secret: secret.id, secretData: credentials }, opts);
    return { secret, version };
}
