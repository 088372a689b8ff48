import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";
import { FrontDoorAuth, refuseUnenforceable } from "./front-door-auth";
import { API_GATEWAY_APIS } from "./gcp-apis";
import { gcpRegion, grantFunctionInvoker } from "./function-gcp";
import { gcpResourceId, gcpServiceAccountId } from "./naming";
import { gcpLabels } from "./tags";
import { parseRoutes, Route } from "./routes";
import { HttpFront, RouteKey } from "./types";
import { ArgsValidator } from "./validate";

/** API Gateway's gateway ids are shorter than its api ids (63). */
export const GATEWAY_ID_MAX_LENGTH = 49;

export interface GcpApiGatewayArgs {
    readonly routes: readonly RouteKey[];
    /** The Cloud Function (gen2) every route forwards to. */
    readonly fn: gcp.cloudfunctionsv2.Function;
    /** @default stack config `gcp:region` */
    readonly region?: pulumi.Input<string>;
    /** Backend deadline, 1..3600 s (API Gateway's default is 15). */
    readonly timeoutSeconds: number;
    /** Labels for every child that takes them (tags from `patternTags` are sanitized here). */
    readonly labels: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /**
     * Who may call every operation: `none`, `apiKey` (an API key the front door creates, restricted
     * to this API) or `jwt` (the document's security section); `iam` is refused.
     */
    readonly auth: FrontDoorAuth;
}

/** The children of an API Gateway in front of one function. */
export interface GcpApiGateway extends HttpFront {
    readonly api: gcp.apigateway.Api;
    readonly apiConfig: gcp.apigateway.ApiConfig;
    readonly gateway: gcp.apigateway.Gateway;
    /** The identity the gateway calls the function as. */
    readonly serviceAccount: gcp.serviceaccount.Account;
    /** `roles/run.invoker` for that identity on the function's Cloud Run service only. */
    readonly invoker: gcp.cloudrunv2.ServiceIamMember;
    /** With `apiKey` auth: this API's managed service enabled in the project (API Gateway refuses keys for a service that is not). */
    readonly managedService?: gcp.projects.Service;
    /** With `apiKey` auth: the callers' key, restricted to this API's managed service. */
    readonly key?: gcp.projects.ApiKey;
    /** With `apiKey` auth: the key's value, a Pulumi secret; callers send it as `x-api-key`. */
    readonly apiKey?: pulumi.Output<string>;
}

/** The APIs a gateway with this `auth` needs enabled: API Gateway's, and API Keys' to create the callers' key. */
export function gcpApiGatewayApis(auth: FrontDoorAuth): string[] {
    return [...API_GATEWAY_APIS, ...(auth.mode === "apiKey" ? ["apikeys.googleapis.com"] : [])];
}

/** The document's security scheme names. */
const SCHEME = { apiKey: "api_key", jwt: "jwt" } as const;

/**
 * The OpenAPI 2.0 security of the whole API: an API key in the `x-api-key` header, or a JWT from
 * `Authorization: Bearer` with `x-google-issuer` and `x-google-audiences`. No `x-google-jwks_uri`:
 * the gateway's AuthProvider reads it from the issuer's OpenID discovery when it is absent
 * (google.api.AuthProvider.jwks_uri), as AWS and APIM do here.
 */
function securitySections(auth: FrontDoorAuth): object {
    if (auth.mode === "apiKey") {
        return {
            securityDefinitions: { [SCHEME.apiKey]: { type: "apiKey", name: "x-api-key", in: "header" } },
            security: [{ [SCHEME.apiKey]: [] }],
        };
    }
    if (auth.mode === "jwt") {
        return {
            securityDefinitions: {
                [SCHEME.jwt]: {
                    authorizationUrl: "",
                    flow: "implicit",
                    type: "oauth2",
                    "x-google-issuer": auth.issuer,
                    "x-google-audiences": auth.audience,
                },
            },
            security: [{ [SCHEME.jwt]: [] }],
        };
    }
    return {};
}

/**
 * The OpenAPI 2.0 document of the routes: every operation goes to `backendUrl` with the request
 * path appended, and the gateway signs each call with an ID token for that URL (its audience
 * defaults to the address), which Cloud Run checks against the invoker binding.
 */
export function openApiDocument(
    title: string,
    routes: readonly Route[],
    backendUrl: string,
    deadlineSeconds: number,
    auth: FrontDoorAuth,
): object {
    const paths: Record<string, Record<string, object>> = {};
    for (const route of routes) {
        paths[route.path] ??= {};
        paths[route.path][route.method.toLowerCase()] = {
            operationId: route.slug.replace(/-/g, "_"),
            summary: route.key,
            parameters: route.params.map((name) => ({ name, in: "path", required: true, type: "string" })),
            responses: { default: { description: "The function's response, passed through" } },
        };
    }
    return {
        swagger: "2.0",
        info: { title, version: "1.0.0" },
        schemes: ["https"],
        produces: ["application/json"],
        "x-google-backend": { address: backendUrl, path_translation: "APPEND_PATH_TO_ADDRESS", deadline: deadlineSeconds },
        ...securitySections(auth),
        paths,
    };
}

/**
 * An API Gateway whose OpenAPI config routes to one Cloud Function, calling it as a dedicated
 * service account that may invoke that function and nothing else. Children: `${name}-gateway-identity`,
 * `-api`, `-config`, `-gateway`, `-invoker`, and with `apiKey` auth `-managed-service` and `-key`.
 */
export function createGcpApiGateway(name: string, args: GcpApiGatewayArgs, opts: pulumi.CustomResourceOptions): GcpApiGateway {
    const owner = `${name} (API Gateway)`;
    const routes = parseRoutes(owner, args.routes);
    const check = new ArgsValidator(owner);
    refuseUnenforceable(check, Cloud.Gcp, args.auth.mode);
    check.integer("timeoutSeconds", args.timeoutSeconds, [1, 3600], "the gateway's backend deadline");
    const region = gcpRegion(owner, args.region);
    const labels = gcpLabels(args.labels);

    const serviceAccount = new gcp.serviceaccount.Account(
        `${name}-gateway-identity`,
        {
            accountId: gcpServiceAccountId(`${name}-gw`),
            displayName: `${name} gateway`,
            description: `API Gateway ${name} calls its function as this account (cloud-patterns)`,
        },
        opts,
    );
    const api = new gcp.apigateway.Api(`${name}-api`, { apiId: gcpResourceId(name), displayName: name, labels }, opts);
    const backendUrl = args.fn.serviceConfig.apply((config) => {
        if (!config?.uri) throw new Error(`${owner}: the Cloud Function has no URI`);
        return config.uri;
    });
    const contents = backendUrl.apply((url) =>
        Buffer.from(JSON.stringify(openApiDocument(name, routes, url, args.timeoutSeconds, args.auth), null, 2)).toString("base64"),
    );
    const apiConfig = new gcp.apigateway.ApiConfig(
        `${name}-config`,
        {
            api: api.apiId,
            // Configs are immutable: a changed document is a new config (prefix + unique suffix), swapped in before the old one goes.
            apiConfigIdPrefix: `${gcpResourceId(name, 30)}-`,
            displayName: name,
            openapiDocuments: [{ document: { path: "openapi.json", contents } }],
            gatewayConfig: { backendConfig: { googleServiceAccount: serviceAccount.email } },
            labels,
        },
        opts,
    );
    const gateway = new gcp.apigateway.Gateway(
        `${name}-gateway`,
        // At most 49 characters: https://cloud.google.com/api-gateway/docs/deploying-api#gateway_id_requirements
        { gatewayId: gcpResourceId(name, GATEWAY_ID_MAX_LENGTH), apiConfig: apiConfig.id, region, displayName: name, labels },
        opts,
    );
    const invoker = grantFunctionInvoker(`${name}-invoker`, args.fn, serviceAccount.member, opts);
    const keyed = args.auth.mode === "apiKey" ? callerKey(name, api, apiConfig, opts) : undefined;
    return { api, apiConfig, gateway, serviceAccount, invoker, ...keyed, url: pulumi.interpolate`https://${gateway.defaultHostname}` };
}

/** The API's managed service enabled (it exists once a config is rolled out), and a key that may call it and nothing else. */
function callerKey(name: string, api: gcp.apigateway.Api, apiConfig: gcp.apigateway.ApiConfig, opts: pulumi.CustomResourceOptions) {
    const managedService = new gcp.projects.Service(
        `${name}-managed-service`,
        // The managed service is deleted with the API; disabling it first would only fail the destroy.
        { service: api.managedService, disableOnDestroy: false },
        pulumi.mergeOptions(opts, { dependsOn: [apiConfig] }),
    );
    const key = new gcp.projects.ApiKey(
        `${name}-key`,
        // Key names: RFC 1034, lowercase, at most 63 characters (the resource's own rule).
        {
            name: gcpResourceId(`${name}-callers`),
            displayName: `${name} callers`,
            restrictions: { apiTargets: [{ service: api.managedService }] },
        },
        pulumi.mergeOptions(opts, { dependsOn: [managedService] }),
    );
    return { managedService, key, apiKey: pulumi.secret(key.keyString) };
}
