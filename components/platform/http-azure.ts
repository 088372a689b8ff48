import * as azn from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";
import { FrontDoorAuth, refuseUnenforceable, JwtAuth, openIdConfigurationUrl } from "./front-door-auth";
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
    /**
     * The app's role on its own host storage (`AzureFunctionApp.storageAccess`). The host keeps its
     * function keys there, so the key read waits for this assignment instead of racing it on a first `up`.
     * Required, so that no front door can forget it.
     */
    readonly hostStorageAccess: azn.authorization.RoleAssignment;
    readonly publisherEmail: pulumi.Input<string>;
    readonly publisherName: pulumi.Input<string>;
    /** How long APIM waits for the function, 1..240 s (longer may not be honoured). */
    readonly timeoutSeconds: number;
    /**
     * Who may call every operation: `none`, `apiKey` (a subscription key, scoped to this API, that the
     * front door creates) or `jwt` (a `validate-jwt` policy); `iam` is refused.
     */
    readonly auth: FrontDoorAuth;
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
    /** With `apiKey` auth: the callers' subscription, scoped to this API only. */
    readonly subscription?: azn.apimanagement.Subscription;
    /** With `apiKey` auth: its primary key, a Pulumi secret; callers send it as `Ocp-Apim-Subscription-Key`. */
    readonly apiKey?: pulumi.Output<string>;
}

/** The subscription's id (`sid`) within the service: one per front door, for its callers. */
export const CALLER_SUBSCRIPTION_ID = "callers";

/**
 * A function app's default function key (HTTP functions with authLevel "function" accept it as
 * `x-functions-key`), a secret. The Functions host reads and writes its keys in the app's storage
 * with the app's identity, so the read is made only once `hostStorageAccess` (that identity's role
 * there) exists; the role's propagation can still lag behind (docs/platform.md).
 */
export function defaultFunctionKey(
    owner: string,
    app: azn.web.WebApp,
    resourceGroupName: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
    hostStorageAccess: azn.authorization.RoleAssignment,
): pulumi.Output<string> {
    const hostKeys = azn.web.listWebAppHostKeysOutput(
        { name: app.name, resourceGroupName },
        { ...invokeOptions(opts), dependsOn: [hostStorageAccess] },
    );
    return pulumi.secret(
        hostKeys.apply((keys) => {
            const value = keys.functionKeys?.default;
            if (!value) throw new Error(`${owner}: the function app has no default function key yet`);
            return value;
        }),
    );
}

/** The named value holding the function key; policies refer to it as `{{function-key}}`. */
export const FUNCTION_KEY_NAMED_VALUE = "function-key";

function xmlAttribute(value: string): string {
    return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * `validate-jwt`: a bearer token from `Authorization`, signed by a key of the issuer's OpenID
 * discovery document, for the audience and from the issuer given; anything else is a 401 before
 * the backend is called. Elements in the order the policy reference requires.
 */
function validateJwtXml(auth: JwtAuth): string[] {
    return [
        `    <validate-jwt header-name="Authorization" require-scheme="Bearer" failed-validation-httpcode="401" failed-validation-error-message="Unauthorized">`,
        `      <openid-config url="${xmlAttribute(openIdConfigurationUrl(auth.issuer))}" />`,
        `      <audiences>`,
        `        <audience>${xmlAttribute(auth.audience)}</audience>`,
        `      </audiences>`,
        `      <issuers>`,
        `        <issuer>${xmlAttribute(auth.issuer)}</issuer>`,
        `      </issuers>`,
        `    </validate-jwt>`,
    ];
}

/**
 * The API's policy: with `jwt` auth the token is checked first; then every operation goes to the
 * function app, with the function key (kept out of the policy text, in a secret named value) and
 * a forward timeout. The functions' host has no route prefix (bundle host.json), so the request
 * path carries over unchanged.
 */
export function apimPolicyXml(backendUrl: string, timeoutSeconds: number, auth: FrontDoorAuth): string {
    return [
        "<policies>",
        "  <inbound>",
        "    <base />",
        ...(auth.mode === "jwt" ? validateJwtXml(auth) : []),
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
        ...problemOnErrorXml(),
        "  </on-error>",
        "</policies>",
    ].join("\n");
}

/**
 * API Management's own refusals (a missing or wrong subscription key 401, a failed `validate-jwt`
 * 401, a rate limit 429, no matching operation 404, an unreachable backend) run the `on-error`
 * section: answer them as the RFC 9457 problem document every function answers with
 * (handlers/http/problem.ts), with the caller's `x-request-id` or API Management's request id.
 */
function problemOnErrorXml(): string[] {
    const status = "(context.Response.StatusCode >= 400 ? context.Response.StatusCode : 500)";
    const requestId = `context.Request.Headers.GetValueOrDefault("x-request-id", context.RequestId.ToString())`;
    const body = [
        "new JObject(",
        `new JProperty("type", "about:blank"), `,
        `new JProperty("title", context.Response.StatusCode >= 400 ? context.Response.StatusReason : "Internal Server Error"), `,
        `new JProperty("status", ${status}), `,
        `new JProperty("detail", context.LastError.Message), `,
        `new JProperty("instance", context.Request.OriginalUrl.Path), `,
        `new JProperty("requestId", ${requestId})`,
        ").ToString()",
    ].join("");
    return [
        "    <return-response>",
        `      <set-status code="@${xmlAttribute(status)}" />`,
        `      <set-header name="content-type" exists-action="override">`,
        `        <value>application/problem+json</value>`,
        "      </set-header>",
        `      <set-header name="x-request-id" exists-action="override">`,
        `        <value>@(${xmlAttribute(requestId)})</value>`,
        "      </set-header>",
        `      <set-body>@(${body.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")})</set-body>`,
        "    </return-response>",
    ];
}

/**
 * API Management on the Consumption tier (pay per call, no idle cost) with one API whose
 * operations are the routes, all forwarded to one function app. New services have TLS 1.0/1.1
 * off, and Consumption accepts no protocol custom properties, so none are set.
 * Children: `${name}-apim`, `-api`, `-op-<method-path>` per route, `-function-key`, `-policy`,
 * and with `apiKey` auth `-subscription`.
 */
export function createApimFront(name: string, args: ApimFrontArgs, opts: pulumi.CustomResourceOptions): ApimFront {
    const owner = `${name} (API Management)`;
    const routes = parseRoutes(owner, args.routes);
    const check = new ArgsValidator(owner);
    const { auth } = args;
    refuseUnenforceable(check, Cloud.Azure, auth.mode);
    check.integer("timeoutSeconds", args.timeoutSeconds, [1, 240], "APIM may not honour longer forward-request timeouts");
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
            subscriptionRequired: auth.mode === "apiKey",
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
    const key = defaultFunctionKey(owner, args.app, resourceGroupName, opts, args.hostStorageAccess);
    const functionKey = new azn.apimanagement.NamedValue(
        `${name}-function-key`,
        {
            resourceGroupName,
            serviceName: service.name,
            namedValueId: FUNCTION_KEY_NAMED_VALUE,
            displayName: FUNCTION_KEY_NAMED_VALUE,
            secret: true,
            value: key,
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
            value: backendUrl.apply((url) => apimPolicyXml(url, args.timeoutSeconds, auth)),
        },
        // The policy names the key's named value, which must exist first.
        pulumi.mergeOptions(opts, { dependsOn: [functionKey] }),
    );
    const keyed = auth.mode === "apiKey" ? callerSubscription(name, resourceGroupName, service, api, opts) : undefined;
    return {
        service,
        api,
        operations,
        functionKey,
        policy,
        ...keyed,
        url: service.gatewayUrl.apply((url) => url.replace(/\/+$/, "")),
    };
}

/** An active subscription scoped to this one API, and its primary key read back (ARM returns keys only from listSecrets). */
function callerSubscription(
    name: string,
    resourceGroupName: pulumi.Input<string>,
    service: azn.apimanagement.ApiManagementService,
    api: azn.apimanagement.Api,
    opts: pulumi.CustomResourceOptions,
): { subscription: azn.apimanagement.Subscription; apiKey: pulumi.Output<string> } {
    const subscription = new azn.apimanagement.Subscription(
        `${name}-subscription`,
        {
            resourceGroupName,
            serviceName: service.name,
            sid: CALLER_SUBSCRIPTION_ID,
            displayName: `${name} callers`,
            scope: pulumi.interpolate`/apis/${api.name}`,
            // Created "submitted" otherwise, and a submitted subscription's key is refused.
            state: azn.apimanagement.SubscriptionState.Active,
        },
        opts,
    );
    const secrets = azn.apimanagement.listSubscriptionSecretsOutput(
        { resourceGroupName, serviceName: service.name, sid: subscription.name },
        invokeOptions(opts),
    );
    const apiKey = pulumi.secret(
        secrets.apply((s) => {
            if (!s.primaryKey) throw new Error(`${name} (API Management): the callers' subscription has no primary key`);
            return s.primaryKey;
        }),
    );
    return { subscription, apiKey };
}
