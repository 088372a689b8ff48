/**
 * Who may call a front door, named once for every cloud: `none`, `iam`, `jwt { issuer, audience }`
 * or `apiKey`. The HTTP hosting modules (http-aws.ts, http-azure.ts, http-gcp.ts) map the resolved
 * value to their cloud; this module only checks it and loads no cloud SDK.
 */
import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";
import { ArgsValidator } from "./validate";

/** How callers prove who they are. */
export const FrontDoorAuthMode = {
    /** Anyone on the internet may call. Only for read-only front doors. */
    None: "none",
    /** The cloud's own identities: AWS SigV4-signed requests (API Gateway `AWS_IAM`). */
    Iam: "iam",
    /** A bearer JWT from an OpenID Connect issuer, checked for its issuer, audience, signature and expiry. */
    Jwt: "jwt",
    /** A key the component creates, sent in a header: APIM `Ocp-Apim-Subscription-Key`, GCP `x-api-key`. */
    ApiKey: "apiKey",
} as const;
export type FrontDoorAuthMode = (typeof FrontDoorAuthMode)[keyof typeof FrontDoorAuthMode];

const MODES: readonly FrontDoorAuthMode[] = Object.values(FrontDoorAuthMode);

/** The `auth` arg of every front door. */
export interface FrontDoorAuthArgs {
    /** `none`, `iam`, `jwt` or `apiKey`; which ones a cloud enforces is in docs/platform.md ("Who may call"). */
    readonly mode: FrontDoorAuthMode;
    /**
     * With `jwt`, required: the issuer, an https URL equal to the tokens' `iss` claim, which publishes
     * OpenID Connect discovery at `<issuer>/.well-known/openid-configuration` (every cloud reads the keys from there),
     * e.g. `https://login.microsoftonline.com/<tenant>/v2.0` or `https://<domain>.auth0.com/`.
     */
    readonly issuer?: string;
    /** With `jwt`, required: the value the tokens' `aud` claim must hold (an API identifier or client id). */
    readonly audience?: string;
}

/** The resolved `auth`: what a hosting module maps. */
export type FrontDoorAuth =
    | { readonly mode: typeof FrontDoorAuthMode.None }
    | { readonly mode: typeof FrontDoorAuthMode.Iam }
    | { readonly mode: typeof FrontDoorAuthMode.ApiKey }
    | { readonly mode: typeof FrontDoorAuthMode.Jwt; readonly issuer: string; readonly audience: string };

export type JwtAuth = Extract<FrontDoorAuth, { mode: "jwt" }>;

/** Why a gateway cannot enforce a mode, and what to use instead; absent = it can. */
export type Refusals = Partial<Record<FrontDoorAuthMode, string>>;

/** What each cloud's HTTP gateway (http-aws.ts, http-azure.ts, http-gcp.ts) cannot enforce. */
export const GATEWAY_REFUSALS: Readonly<Record<Cloud, Refusals>> = {
    [Cloud.Aws]: {
        apiKey:
            "API Gateway HTTP APIs have no API keys, only REST APIs do " +
            "(https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vs-rest.html); " +
            "use iam (SigV4-signed calls) or jwt",
    },
    [Cloud.Azure]: {
        iam:
            "API Management has no check of Azure RBAC of its own; Entra ID callers (managed identities included) are " +
            "jwt with issuer https://login.microsoftonline.com/<tenant>/v2.0 and your app registration's audience; or use apiKey",
    },
    [Cloud.Gcp]: {
        iam:
            "API Gateway checks a Google ID token's signature and audience, not the caller's IAM roles, so any Google " +
            "account could call; use apiKey, or jwt with issuer https://accounts.google.com to accept Google identities deliberately",
    },
};

/** The default of a front door that writes or reaches a protected system: what a caller can use right after `pulumi up`. */
export const AUTHENTICATED_GATEWAY_DEFAULT: Readonly<Record<Cloud, FrontDoorAuth>> = {
    // The deployer's own AWS credentials sign calls; no key to hand out.
    [Cloud.Aws]: { mode: FrontDoorAuthMode.Iam },
    // IAM is refused on these two (GATEWAY_REFUSALS); the component creates the key and outputs it as a secret.
    [Cloud.Azure]: { mode: FrontDoorAuthMode.ApiKey },
    [Cloud.Gcp]: { mode: FrontDoorAuthMode.ApiKey },
};

const NEVER_PUBLIC = "a function endpoint that accepts work is never public here (nothing would stop anyone from queueing work)";

/**
 * What a function's own endpoint (no gateway before it) checks, per cloud: a Lambda function URL
 * with `AWS_IAM`, an Azure HTTP function's key (authLevel function), Cloud Run IAM (`run.invoker`).
 * Retry's enqueue is one; each cloud enforces exactly one mode there.
 */
export const FUNCTION_ENDPOINT_AUTH: Readonly<Record<Cloud, FrontDoorAuth>> = {
    [Cloud.Aws]: { mode: FrontDoorAuthMode.Iam },
    [Cloud.Azure]: { mode: FrontDoorAuthMode.ApiKey },
    [Cloud.Gcp]: { mode: FrontDoorAuthMode.Iam },
};

/** Why a function's own endpoint cannot enforce the other modes. */
export const FUNCTION_ENDPOINT_REFUSALS: Readonly<Record<Cloud, Refusals>> = {
    [Cloud.Aws]: {
        none: NEVER_PUBLIC,
        jwt: "a Lambda function URL checks AWS_IAM or nothing, it has no JWT authorizers; callers sign with SigV4 (iam)",
        apiKey: "a Lambda function URL has no API keys; callers sign with SigV4 (iam)",
    },
    [Cloud.Azure]: {
        none: NEVER_PUBLIC,
        iam: "an HTTP function checks its function key (authLevel function), not Azure RBAC; callers send the key (apiKey)",
        jwt: "an HTTP function checks its function key (authLevel function); App Service authentication is not configured here",
    },
    [Cloud.Gcp]: {
        none: NEVER_PUBLIC,
        jwt: "a Cloud Function's endpoint checks Cloud Run IAM (an ID token of a member holding run.invoker) and nothing else (iam)",
        apiKey: "a Cloud Function's endpoint has no API keys; it checks Cloud Run IAM (iam)",
    },
};

export const PUBLIC: FrontDoorAuth = { mode: FrontDoorAuthMode.None };

/**
 * Checks the `auth` arg (or the one named `field`) for `cloud` and returns it resolved (`fallback` when absent). Refuses an
 * unknown mode, a mode the cloud cannot enforce (with the reason and the alternatives), a jwt
 * without an https issuer or an audience, and issuer or audience given with another mode.
 */
export function resolveFrontDoorAuth(
    check: ArgsValidator,
    cloud: Cloud,
    value: FrontDoorAuthArgs | undefined,
    fallback: FrontDoorAuth,
    refusals: Refusals = GATEWAY_REFUSALS[cloud],
    field = "auth",
): FrontDoorAuth {
    if (value === undefined) return fallback;
    if (typeof value !== "object" || value === null) {
        check.fail(field, `an object { mode: ${MODES.join(" | ")}, issuer?, audience? }`, value);
    }
    const mode = check.oneOf(`${field}.mode`, value.mode, MODES);
    refuseUnenforceable(check, cloud, mode, refusals, field);
    if (mode !== FrontDoorAuthMode.Jwt) {
        if (value.issuer !== undefined || value.audience !== undefined) {
            check.refuse(`${field}.issuer and ${field}.audience are for mode jwt only, got mode ${JSON.stringify(mode)}`);
        }
        return { mode };
    }
    const issuer = check.string(`${field}.issuer`, value.issuer, "the token issuer's https URL (the tokens' iss claim) with mode jwt");
    checkIssuer(check, issuer, field);
    const audience = check.string(`${field}.audience`, value.audience, "the audience the tokens' aud claim holds, with mode jwt");
    return { mode, issuer, audience };
}

/** Throws, with the reason and the modes that work, when `mode` is one `refusals` names. */
export function refuseUnenforceable(
    check: ArgsValidator,
    cloud: Cloud,
    mode: FrontDoorAuthMode,
    refusals: Refusals = GATEWAY_REFUSALS[cloud],
    field = "auth",
): void {
    const refusal = refusals[mode];
    if (refusal) check.fail(`${field}.mode`, `one of ${MODES.filter((m) => !refusals[m]).join(", ")} on ${cloud}`, mode, refusal);
}

/** AWS's rule, the strictest of the three: an absolute https URL with a host and no user info, query or fragment (JwtIssuerInput). */
function checkIssuer(check: ArgsValidator, issuer: string, field: string): void {
    const rule = "an https URL with a host and no user info, query or fragment (the tokens' iss claim)";
    let url: URL;
    try {
        url = new URL(issuer);
    } catch {
        return check.fail(`${field}.issuer`, rule, issuer);
    }
    if (url.protocol !== "https:" || !url.hostname || url.username || url.password || url.search || url.hash || /[?#]/.test(issuer)) {
        check.fail(`${field}.issuer`, rule, issuer);
    }
}

/** OpenID Connect Discovery 1.0 §4: the issuer without a trailing `/`, then `/.well-known/openid-configuration`. */
export function openIdConfigurationUrl(issuer: string): string {
    return `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
}

/** A front door's caller key as the component's output: always a secret, `""` when its mode issues no key. */
export function callerKeyOutput(key: pulumi.Output<string> | undefined): pulumi.Output<string> {
    return pulumi.secret(key ?? pulumi.output(""));
}
