/**
 * Sends to a Service Bus queue over its REST API with the function app's managed identity
 * (audience https://servicebus.azure.net, the Azure Service Bus Data Sender role): @azure/service-bus
 * brought AMQP (rhea, core-amqp: ~290 KiB) into the function for one-way sends. The protocol
 * (Send Message, learn.microsoft.com/rest/api/servicebus/send-message-to-queue):
 * `POST https://{namespace}/{queue}/messages` answers 201; the body is the payload, `Content-Type`
 * its content type, `BrokerProperties` a JSON object of broker properties (`MessageId`,
 * `ScheduledEnqueueTimeUtc` as an RFC 1123 date), and each application property its own header,
 * a string value as a quoted JSON string, a number bare.
 */
import { managedIdentityToken } from "../azure-managed-identity";
import type { AccessTokenSource } from "../gcp-metadata-token";
import { asciiJson } from "../stores/clients/ascii-json";
import { bearerFetch } from "../stores/clients/bearer-fetch";
import { type HttpFetch, sendJson } from "../stores/read-model/http";

export const SERVICE_BUS_SCOPE = "https://servicebus.azure.net/.default";

/**
 * Set only where no Service Bus exists (`cloud-patterns dev`, its local stand-in): the namespace's
 * REST endpoint instead of `https://<namespace>`. Unset on Azure Functions.
 */
export const SERVICE_BUS_ENDPOINT_ENV = "SERVICE_BUS_REST_ENDPOINT";

/** A message as the producers build it (the fields of @azure/service-bus's ServiceBusMessage they use). */
export interface OutgoingServiceBusMessage {
    readonly body: string;
    readonly contentType: string;
    readonly messageId: string;
    readonly applicationProperties: Readonly<Record<string, string | number>>;
}

/** The two sends the producer, the rescheduler and the dead-letter sink make. */
export interface ServiceBusQueueSender {
    sendMessages(message: OutgoingServiceBusMessage): Promise<void>;
    scheduleMessages(message: OutgoingServiceBusMessage, at: Date): Promise<void>;
}

let identityToken: AccessTokenSource | undefined;

/** An HTTP token (RFC 9110 §5.6.2): what a header name may hold. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers the request sets itself; an application property by one of these names would be lost. */
const RESERVED = new Set(["authorization", "content-type", "accept", "brokerproperties", "content-length", "host"]);

/** A string property goes as a JSON string (ASCII, `\u`-escaped beyond), a number bare. */
function propertyHeader(value: string | number): string {
    return typeof value === "number" ? String(value) : asciiJson(value);
}

function headersOf(message: OutgoingServiceBusMessage, at: Date | undefined): Record<string, string> {
    const headers: Record<string, string> = {
        brokerproperties: asciiJson({ MessageId: message.messageId, ...(at && { ScheduledEnqueueTimeUtc: at.toUTCString() }) }),
    };
    for (const [name, value] of Object.entries(message.applicationProperties)) {
        if (!HEADER_NAME.test(name) || RESERVED.has(name.toLowerCase())) {
            throw new Error(
                `Service Bus over REST: application property name must be an HTTP token other than ${[...RESERVED].join(", ")}, got '${name}'`,
            );
        }
        headers[name] = propertyHeader(value);
    }
    return headers;
}

/**
 * A sender to `queueName` in `namespace` (`<name>.servicebus.windows.net`). `fetchFn` signs the
 * requests (@default the managed identity's token); `endpoint` is for tests (@default
 * `$SERVICE_BUS_REST_ENDPOINT`, else `https://<namespace>`).
 */
export function serviceBusQueueSender(
    namespace: string,
    queueName: string,
    options: { readonly fetchFn?: HttpFetch; readonly token?: AccessTokenSource; readonly endpoint?: string } = {},
): ServiceBusQueueSender {
    const signed = options.fetchFn ?? bearerFetch(options.token ?? (identityToken ??= managedIdentityToken(SERVICE_BUS_SCOPE)));
    const base = options.endpoint ?? (process.env[SERVICE_BUS_ENDPOINT_ENV] || `https://${namespace}`);
    const url = `${base}/${encodeURIComponent(queueName)}/messages`;
    const send = async (message: OutgoingServiceBusMessage, at?: Date): Promise<void> => {
        await sendJson("Service Bus", signed, "POST", url, message.body, {
            contentType: message.contentType,
            headers: headersOf(message, at),
        });
    };
    return { sendMessages: (message) => send(message), scheduleMessages: (message, at) => send(message, at) };
}
