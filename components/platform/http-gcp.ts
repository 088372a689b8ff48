import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
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
}

/**
 * The OpenAPI 2.0 document of the routes: every operation goes to `backendUrl` with the request
 * path appended, and the gateway signs each call with an ID token for that URL (its audience
 * defaults to the address), which Cloud Run checks against the invoker binding.
 */
export function openApiDocument(title: string, routes: readonly Route[], backendUrl: string, deadlineSeconds: number): object {
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
        paths,
    };
}

/**
 * An API Gateway whose OpenAPI config routes to one Cloud Function, calling it as a dedicated
 * service account that may invoke that function and nothing else. Children: `${name}-gateway-identity`,
 * `-api`, `-config`, `-gateway`, `-invoker`.
 */
export function createGcpApiGateway(name: string, args: GcpApiGatewayArgs, opts: pulumi.CustomResourceOptions): GcpApiGateway {
    const owner = `${name} (API Gateway)`;
    const routes = parseRoutes(owner, args.routes);
    new ArgsValidator(owner).integer("timeoutSeconds", args.timeoutSeconds, [1, 3600], "the gateway's backend deadline");
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
        Buffer.from(JSON.stringify(openApiDocument(name, routes, url, args.timeoutSeconds), null, 2)).toString("base64"),
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
    return { api, apiConfig, gateway, serviceAccount, invoker, url: pulumi.interpolate`https://${gateway.defaultHostname}` };
}
