import * as azn from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";
import { invokeOptions } from "./function-settings";
import { azureDnsName } from "./naming";
import { parseRoutes } from "./routes";
import { HttpFront, RouteKey } from "./types";
import { ArgsValidator } from "./validate";

export interface ApimFrontArgs {
    readonly resourceGroupName: pulumi.Input<string>;
    /** @default the resource group's location */
    readonly location?: pulumi.Input<string>;
    readonly routes: readonly RouteKey[];
    /** The function app (HTTP functions with authLevel "function") every route forwards to. */
    readonly app: azn.web.WebApp;
    readonly publisherEmail: pulumi.Input<string>;
    readonly publisherName: pulumi.Input<string>;
    /** How long APIM waits for the function, 1..240 s (longer may not be honoured). */
    readonly timeoutSeconds: number;
    /** Require an APIM subscription key from callers. @default false */
    readonly subscriptionRequired?: boolean;
    readonly tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The children of an API Management front door in front of one function app. */
export interface ApimFront extends HttpFront {
    readonly service: azn.apimanagement.ApiManagementService;
    readonly api: azn.apimanagement.Api;
    readonly operations: azn.apimanagement.ApiOperation[];
    /** The app's default host key, kept as a secret named value the policy sends on. */
    readonly functionKey: azn.apimanagement.NamedValue;
    readonly policy: azn.apimanagement.ApiPolicy;
}

/** The named value holding the function key; policies refer to it as `{{function-key}}`. */
export const FUNCTION_KEY_NAMED_VALUE = "function-key";

function xmlAttribute(value: string): string {
    return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * The API's policy: every operation goes to the function app, with the function key (kept out of
 * the policy text, in a secret named value) and a forward timeout. The functions' host has no
 * route prefix (bundle host.json), so the request path carries over unchanged.
 */
export function apimPolicyXml(backendUrl: string, timeoutSeconds: number): string {
    return [
        "<policies>",
        "  <inbound>",
        "    <base />",
        `    <set-backend-service base-url="${xmlAttribute(backendUrl)}" />`,
        `    <set-header name="x-functions-key" exists-action="override">`,
        `      <value>{{${FUNCTION_KEY_NAMED_VALUE}}}</value>`,
        "    </set-header>",
        "  </inbound>",
        "  <backend>",
        `    <forward-request timeout="${timeoutSeconds}" />`,
        "  </backend>",
        "  <outbound>",
        "    <base />",
        "  </outbound>",
        "  <on-error>",
        "    <base />",
        "  </on-error>",
        "</policies>",
    ].join("\n");
}

/**
 * API Management on the Consumption tier (pay per call, no idle cost) with one API whose
 * operations are the routes, all forwarded to one function app. New services have TLS 1.0/1.1
 * off, and Consumption accepts no protocol custom properties, so none are set.
 * Children: `${name}-apim`, `-api`, `-op-<method-path>` per route, `-function-key`, `-policy`.
 */
export function createApimFront(name: string, args: ApimFrontArgs, opts: pulumi.CustomResourceOptions): ApimFront {
    const owner = `${name} (API Management)`;
    const routes = parseRoutes(owner, args.routes);
    new ArgsValidator(owner).integer(
        "timeoutSeconds",
        args.timeoutSeconds,
        [1, 240],
        "APIM may not honour longer forward-request timeouts",
    );
    const { resourceGroupName } = args;

    const service = new azn.apimanagement.ApiManagementService(
        `${name}-apim`,
        {
            serviceName: azureDnsName(name, 50),
            resourceGroupName,
            location: args.location,
            publisherEmail: args.publisherEmail,
            publisherName: args.publisherName,
            sku: { name: azn.apimanagement.SkuType.Consumption, capacity: 0 },
            tags: args.tags,
        },
        opts,
    );
    const backendUrl = pulumi.interpolate`https://${args.app.defaultHostName}`;
    const api = new azn.apimanagement.Api(
        `${name}-api`,
        {
            resourceGroupName,
            serviceName: service.name,
            apiId: "functions",
            displayName: name,
            // The service is this pattern's alone: its routes sit at the root, as on the other clouds.
            path: "",
            protocols: [azn.apimanagement.Protocol.Https],
            serviceUrl: backendUrl,
            subscriptionRequired: args.subscriptionRequired ?? false,
        },
        opts,
    );
    const operations = routes.map(
        (route) =>
            new azn.apimanagement.ApiOperation(
                `${name}-op-${route.slug}`,
                {
                    resourceGroupName,
                    serviceName: service.name,
                    apiId: api.name,
                    operationId: route.slug,
                    displayName: route.key,
                    method: route.method,
                    urlTemplate: route.path,
                    templateParameters: route.params.map((param) => ({ name: param, type: "string", required: true })),
                },
                opts,
            ),
    );
    const hostKeys = azn.web.listWebAppHostKeysOutput({ name: args.app.name, resourceGroupName }, invokeOptions(opts));
    const key = hostKeys.apply((keys) => {
        const value = keys.functionKeys?.default;
        if (!value) throw new Error(`${owner}: the function app has no default function key yet`);
        return value;
    });
    const functionKey = new azn.apimanagement.NamedValue(
        `${name}-function-key`,
        {
            resourceGroupName,
            serviceName: service.name,
            namedValueId: FUNCTION_KEY_NAMED_VALUE,
            displayName: FUNCTION_KEY_NAMED_VALUE,
            secret: true,
            value: pulumi.secret(key),
        },
        opts,
    );
    const policy = new azn.apimanagement.ApiPolicy(
        `${name}-policy`,
        {
            resourceGroupName,
            serviceName: service.name,
            apiId: api.name,
            policyId: "policy",
            format: azn.apimanagement.PolicyContentFormat.Xml,
            value: backendUrl.apply((url) => apimPolicyXml(url, args.timeoutSeconds)),
        },
        // The policy names the key's named value, which must exist first.
        pulumi.mergeOptions(opts, { dependsOn: [functionKey] }),
    );
    return { service, api, operations, functionKey, policy, url: service.gatewayUrl.apply((url) => url.replace(/\/+$/, "")) };
}
