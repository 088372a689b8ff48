/**
 * The contract between the pattern components and the platform building blocks
 * (function hosting, HTTP front doors, bundling). Each cloud's implementation lives
 * beside this file: `function-aws.ts`, `function-azure.ts`, `function-gcp.ts`,
 * `http-aws.ts`, `http-azure.ts`, `http-gcp.ts`, `bundle.ts`.
 */
import * as pulumi from "@pulumi/pulumi";

/** How a function is invoked; picks the runtime adapter the bundler wraps the handler in. */
export type Trigger =
    /** HTTP through the cloud's front door (API Gateway / API Management / API Gateway). */
    | { readonly kind: "http" }
    /** AWS: SQS event source mapping with ReportBatchItemFailures. */
    | { readonly kind: "sqs" }
    /** AWS: DynamoDB Streams event source mapping with ReportBatchItemFailures. */
    | { readonly kind: "dynamodb-stream" }
    /** Azure: Service Bus queue trigger; `connection` is the app-setting prefix (identity-based). */
    | {
          readonly kind: "service-bus-queue";
          readonly queueName: string;
          readonly connection: string;
          readonly retry?: { readonly maxRetryCount: number; readonly minimumInterval: string; readonly maximumInterval: string };
      }
    /** Azure: Cosmos DB change feed trigger. */
    | {
          readonly kind: "cosmos-change-feed";
          readonly connection: string;
          readonly databaseName: string;
          readonly containerName: string;
          readonly leaseContainerName: string;
      }
    /** GCP: Pub/Sub push through Eventarc (CloudEvent). */
    | { readonly kind: "pubsub" }
    /** GCP: Cloud Tasks HTTP target; one task = one message, non-2xx = retry. */
    | { readonly kind: "cloud-tasks" }
    /**
     * GCP: Eventarc Firestore document event (CloudEvent, protobuf `DocumentEventData`); one event
     * = one message whose body is the document as JSON. A failure throws, so Eventarc retries it.
     */
    | { readonly kind: "firestore-document" };

/** What the bundler needs to build one function. */
export interface BundleSpec {
    /** Absolute path of the cloud-neutral handler module. */
    readonly entry: string;
    /**
     * The export of `entry` that is the handler: an `HttpHandler` for `http` and
     * `cloud-tasks`... triggers, a `MessageBatchHandler` for the others (see handlers/contracts.ts).
     */
    readonly exportName: string;
    readonly trigger: Trigger;
    /**
     * Import specifiers the handler uses for user-supplied modules, mapped to absolute file
     * paths (e.g. `{ "cloud-patterns:merge": "/app/merge.ts" }`). Resolved by esbuild at bundle time.
     */
    readonly userModules?: Readonly<Record<string, string>>;
}

/** The result of bundling: the files of the deployment package, and their content hash. */
export interface Bundle {
    /** File name within the package -> contents. */
    readonly files: Readonly<Record<string, string>>;
    /** sha256 of the files: unchanged handler -> unchanged hash. */
    readonly hash: string;
}

/**
 * A function's settings document as a component writes it: the handler's document type
 * (handlers/<pattern>/settings-document.ts) with any value still a Pulumi input.
 */
export type SettingsInput<T> = pulumi.Input<
    T extends readonly (infer E)[] ? readonly SettingsInput<E>[] : T extends object ? { readonly [K in keyof T]: SettingsInput<T[K]> } : T
>;

/** Args every cloud's function hosting takes. */
export interface FunctionArgs {
    readonly bundle: BundleSpec;
    /** Memory in MB. */
    readonly memoryMb: number;
    readonly timeoutSeconds: number;
    /**
     * Written as JSON into CLOUD_PATTERNS_CONFIG: a document of the handler's own type, written
     * with `satisfies SettingsInput<…Document>`. Never secrets: pass references to the secret store.
     */
    readonly settings: SettingsInput<object>;
    /** Extra environment variables / app settings (trigger connections, SDK switches). */
    readonly environment?: Record<string, pulumi.Input<string>>;
    /** Tags (labels on GCP) for every child that takes them; see `patternTags` in tags.ts. */
    readonly tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Log retention; @default 30 */
    readonly logRetentionDays?: number;
    /**
     * Scale-out ceiling: Azure Flex `maximumInstanceCount`, Cloud Functions `maxInstanceCount`,
     * Lambda reserved concurrency (only when set: reserving takes from the account's pool).
     * @default 100 on Azure and GCP; unreserved on AWS
     */
    readonly maxInstances?: number;
}

/** A neutral route, `METHOD /path/{param}`, e.g. `GET /aggregate/{id}`. */
export type RouteKey = string;

/** Common output of every hosted function. */
export interface HostedFunction {
    /** The cloud's name for the function (Lambda name, function app name, Cloud Function name). */
    readonly functionName: pulumi.Output<string>;
}

/** Common output of every HTTP front door. */
export interface HttpFront {
    /** Public base URL of the front door, without a trailing slash. */
    readonly url: pulumi.Output<string>;
}
