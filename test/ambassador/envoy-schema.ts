/**
 * A strict check of a JSON document against Envoy's own v3 API definitions: the .proto files
 * @grpc/grpc-js-xds ships (deps/envoy-api, with the xds, googleapis and protoc-gen-validate
 * files they import), loaded with protobufjs. It walks the document by the protobuf JSON mapping:
 * an unknown field, a value of the wrong type, two members of one oneof, a deprecated field, a
 * missing field the API marks required (a message, Duration or Any), a number, Duration or list
 * outside the API's protoc-gen-validate bounds, or an `@type` that names no message is reported
 * with its path. This checks the schema, not Envoy's runtime: no Envoy binary can run here
 * (reference/next-patterns.md), so semantics such as "the listener binds" are not checked.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as protobuf from "protobufjs";

const DEPS = path.join(path.dirname(require.resolve("@grpc/grpc-js-xds/package.json")), "deps");
const INCLUDE = ["envoy-api", "xds", "googleapis", "protoc-gen-validate"].map((d) => path.join(DEPS, d));
const PROTOBUFJS = path.dirname(require.resolve("protobufjs/package.json"));

/** The messages a bootstrap names by `@type`, and the bootstrap itself. */
const ENTRY_FILES = [
    "envoy/config/bootstrap/v3/bootstrap.proto",
    "envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto",
    "envoy/extensions/filters/http/router/v3/router.proto",
    "envoy/extensions/access_loggers/stream/v3/stream.proto",
    "envoy/extensions/transport_sockets/tls/v3/tls.proto",
];

let loaded: protobuf.Root | undefined;

/** Envoy's API, parsed once per process (a second or two). */
export function envoyApi(): protobuf.Root {
    if (loaded) return loaded;
    const root = new protobuf.Root();
    root.resolvePath = (_origin, target) => {
        if (path.isAbsolute(target) && fs.existsSync(target)) return target;
        for (const dir of [...INCLUDE, PROTOBUFJS]) {
            const candidate = path.join(dir, target);
            if (fs.existsSync(candidate)) return candidate;
        }
        return target;
    };
    root.loadSync(ENTRY_FILES, { keepCase: true });
    root.resolveAll();
    loaded = root;
    return root;
}

const TYPE_URL_PREFIX = "type.googleapis.com/";
const DURATION = /^-?\d+(\.\d{1,9})?s$/;
const INTEGER_TYPES = new Set(["int32", "sint32", "sfixed32", "uint32", "fixed32", "int64", "sint64", "sfixed64", "uint64", "fixed64"]);
const UNSIGNED = new Set(["uint32", "fixed32", "uint64", "fixed64"]);
const WRAPPERS: Record<string, string> = {
    "google.protobuf.UInt32Value": "uint32",
    "google.protobuf.UInt64Value": "uint64",
    "google.protobuf.Int32Value": "int32",
    "google.protobuf.Int64Value": "int64",
    "google.protobuf.DoubleValue": "double",
    "google.protobuf.FloatValue": "float",
    "google.protobuf.BoolValue": "bool",
    "google.protobuf.StringValue": "string",
    "google.protobuf.BytesValue": "bytes",
};

/** Every problem found, each as `<path>: <what is wrong>`; empty when the document fits the type. */
export function schemaErrors(typeName: string, document: unknown): string[] {
    const root = envoyApi();
    const errors: string[] = [];
    walkMessage(root, root.lookupType(typeName), document, typeName, errors);
    return errors;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function walkMessage(root: protobuf.Root, type: protobuf.Type, value: unknown, at: string, errors: string[]): void {
    const name = type.fullName.replace(/^\./, "");
    if (name in WRAPPERS) return walkScalar(WRAPPERS[name], value, at, errors);
    switch (name) {
        case "google.protobuf.Duration":
            if (typeof value !== "string" || !DURATION.test(value))
                errors.push(`${at}: a Duration must be a string like "1.5s", got ${JSON.stringify(value)}`);
            return;
        case "google.protobuf.Struct":
            if (!isObject(value)) errors.push(`${at}: a Struct must be a JSON object`);
            return;
        case "google.protobuf.Value":
            return;
        case "google.protobuf.Any":
            return walkAny(root, value, at, errors);
    }
    if (!isObject(value)) {
        errors.push(`${at}: ${name} must be an object, got ${JSON.stringify(value)}`);
        return;
    }
    const seenOneofs = new Map<string, string>();
    for (const [key, fieldValue] of Object.entries(value)) {
        const field =
            type.fields[key] ??
            Object.values(type.fields).find((f) => (f as { options?: { json_name?: string } }).options?.json_name === key);
        if (!field) {
            errors.push(`${at}.${key}: no such field in ${name}`);
            continue;
        }
        if (field.options?.deprecated === true) errors.push(`${at}.${key}: deprecated in ${name}`);
        if (field.partOf) {
            const other = seenOneofs.get(field.partOf.name);
            if (other) errors.push(`${at}.${key}: oneof ${field.partOf.name} already set by ${other}`);
            seenOneofs.set(field.partOf.name, key);
        }
        walkField(root, field, fieldValue, `${at}.${key}`, errors);
    }
    for (const field of type.fieldsArray) {
        // Within a oneof, "required" applies to the member once chosen; the oneof's own rule says whether one must be.
        if (!field.partOf && isRequired(field) && !(field.name in value)) {
            errors.push(`${at}.${field.name}: required by ${name}`);
        }
    }
    for (const oneof of type.oneofsArray) {
        if (oneof.options?.["(validate.required)"] === true && !seenOneofs.has(oneof.name)) {
            errors.push(`${at}: ${name} requires one of ${oneof.oneof.join(", ")}`);
        }
    }
}

/** A message, Duration or Any field the API marks required (`(validate.rules).<kind>.required`). */
function isRequired(field: protobuf.Field): boolean {
    return Object.entries(field.options ?? {}).some(([option, set]) => /^\(validate\.rules\)\.\w+\.required$/.test(option) && set === true);
}

function walkField(root: protobuf.Root, field: protobuf.Field, value: unknown, at: string, errors: string[]): void {
    if (field instanceof protobuf.MapField) {
        if (!isObject(value)) return void errors.push(`${at}: a map must be an object`);
        for (const [k, v] of Object.entries(value)) walkValue(root, field, v, `${at}.${k}`, errors);
        return;
    }
    if (field.repeated) {
        if (!Array.isArray(value)) return void errors.push(`${at}: a repeated field must be an array, got ${JSON.stringify(value)}`);
        const minItems = field.options?.["(validate.rules).repeated.min_items"];
        if (typeof minItems === "number" && value.length < minItems) errors.push(`${at}: at least ${minItems} item(s) required`);
        value.forEach((item, i) => walkValue(root, field, item, `${at}[${i}]`, errors));
        return;
    }
    walkValue(root, field, value, at, errors);
}

function walkValue(root: protobuf.Root, field: protobuf.Field, value: unknown, at: string, errors: string[]): void {
    checkRules(field, value, at, errors);
    const resolved = field.resolvedType;
    if (resolved instanceof protobuf.Type) return walkMessage(root, resolved, value, at, errors);
    if (resolved instanceof protobuf.Enum) {
        const known = typeof value === "string" ? value in resolved.values : Object.values(resolved.values).includes(value as number);
        if (!known) errors.push(`${at}: ${JSON.stringify(value)} is not a value of enum ${resolved.fullName.replace(/^\./, "")}`);
        return;
    }
    walkScalar(field.type, value, at, errors);
}

function walkScalar(type: string, value: unknown, at: string, errors: string[]): void {
    const wrong = () => errors.push(`${at}: expected ${type}, got ${JSON.stringify(value)}`);
    if (type === "string" || type === "bytes") return void (typeof value !== "string" && wrong());
    if (type === "bool") return void (typeof value !== "boolean" && wrong());
    if (type === "double" || type === "float") return void ((typeof value !== "number" || !Number.isFinite(value)) && wrong());
    if (INTEGER_TYPES.has(type)) {
        const number = typeof value === "string" && /^-?\d+$/.test(value) && type.endsWith("64") ? Number(value) : value;
        if (typeof number !== "number" || !Number.isInteger(number) || (UNSIGNED.has(type) && number < 0)) wrong();
        else if (type.endsWith("32") && Math.abs(number) > (UNSIGNED.has(type) ? 0xffffffff : 0x7fffffff)) wrong();
        return;
    }
    errors.push(`${at}: unknown scalar type ${type}`);
}

const BOUNDS: Record<string, (value: number, bound: number) => boolean> = {
    gt: (v, b) => v > b,
    gte: (v, b) => v >= b,
    lt: (v, b) => v < b,
    lte: (v, b) => v <= b,
};

/** A Duration's JSON form ("1.5s") in nanoseconds. */
function durationNanos(value: string): number {
    return Math.round(Number(value.slice(0, -1)) * 1e9);
}

/** protoc-gen-validate's bounds on a Duration (`(validate.rules).duration = {gt {seconds, nanos}}`), kept only in the parsed options. */
function checkDurationRules(field: protobuf.Field, value: unknown, at: string, errors: string[]): void {
    if (typeof value !== "string" || !DURATION.test(value)) return;
    const parsed = (field as { parsedOptions?: Record<string, { duration?: Record<string, unknown> }>[] }).parsedOptions ?? [];
    for (const rules of parsed.map((o) => o["(validate.rules)"]?.duration).filter((d) => d !== undefined)) {
        for (const [check, bound] of Object.entries(rules)) {
            if (!(check in BOUNDS) || typeof bound !== "object" || bound === null) continue;
            const { seconds = 0, nanos = 0 } = bound as { seconds?: number; nanos?: number };
            const limit = Number(seconds) * 1e9 + Number(nanos);
            if (!BOUNDS[check](durationNanos(value), limit)) errors.push(`${at}: ${value} breaks the API's rule ${check} ${limit / 1e9}s`);
        }
    }
}

/** protoc-gen-validate's number bounds, Duration bounds and string lengths on the field, which Envoy enforces when it loads a config. */
function checkRules(field: protobuf.Field, value: unknown, at: string, errors: string[]): void {
    checkDurationRules(field, value, at, errors);
    for (const [option, bound] of Object.entries(field.options ?? {})) {
        const rule = /^\(validate\.rules\)\.(\w+)\.(gt|gte|lt|lte|min_len)$/.exec(option);
        if (!rule || typeof bound !== "number") continue;
        const [, , check] = rule;
        if (check === "min_len") {
            if (typeof value === "string" && value.length < bound) errors.push(`${at}: at least ${bound} characters required`);
        } else if (typeof value === "number" && !BOUNDS[check](value, bound)) {
            errors.push(`${at}: ${value} breaks the API's rule ${check} ${bound}`);
        }
    }
}

function walkAny(root: protobuf.Root, value: unknown, at: string, errors: string[]): void {
    if (!isObject(value) || typeof value["@type"] !== "string") return void errors.push(`${at}: an Any needs an "@type"`);
    const url = value["@type"];
    if (!url.startsWith(TYPE_URL_PREFIX)) return void errors.push(`${at}: "@type" must start with ${TYPE_URL_PREFIX}, got ${url}`);
    const inner = url.slice(TYPE_URL_PREFIX.length);
    let type: protobuf.Type;
    try {
        type = root.lookupType(inner);
    } catch {
        return void errors.push(`${at}: "@type" ${url} names no message of the loaded Envoy API`);
    }
    const rest = Object.fromEntries(Object.entries(value).filter(([k]) => k !== "@type"));
    walkMessage(root, type, rest, `${at}<${inner.split(".").pop()}>`, errors);
}
