/**
 * AWS packages are built with the SDK's default credential chain replaced by its first link, the
 * environment Lambda fills (components/platform/bundle.ts, handlers/runtimes/lambda-credentials.ts).
 * A package with a Secrets Manager client runs in a fresh Node process holding only the variables
 * Lambda sets, against a stand-in endpoint that records the SigV4 headers it is sent.
 */
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import { createServer, IncomingHttpHeaders } from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { Cloud } from "../../components/cloud";
import { bundleFunction } from "../../components/platform/bundle";
import { writeBundle } from "../../components/platform/bundle-write";
import { FIXTURES, listenLocally } from "./support";

const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:reader-AbCdEf";
/** Lambda's credential variables (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime). */
const LAMBDA_CREDENTIALS = {
    AWS_ACCESS_KEY_ID: "ASIAEXAMPLE",
    AWS_SECRET_ACCESS_KEY: "example",
    AWS_SESSION_TOKEN: "session-token-from-lambda",
};

describe("runtimes/lambda credentials in AWS packages", function () {
    this.timeout(60_000);
    let tmp: string;
    let dir: string;
    let endpoint: string;
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
        seen.push(req.headers);
        req.resume().on("end", () =>
            res
                .writeHead(200, { "content-type": "application/x-amz-json-1.1" })
                .end(JSON.stringify({ ARN: SECRET_ARN, SecretString: "s3cret" })),
        );
    });

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lambda-credentials-"));
        dir = path.join(tmp, "reader");
        const spec = { entry: path.join(FIXTURES, "secret-reader.ts"), exportName: "readSecret", trigger: { kind: "http" as const } };
        writeBundle(bundleFunction(spec, Cloud.Aws, "secret-reader"), dir);
        endpoint = await listenLocally(server);
    });
    after(() => {
        server.close();
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    /** Calls the package's handler once in a fresh Node process with only `env` (and PATH, HOME) set. */
    async function invoke(env: Record<string, string>): Promise<{ statusCode: number; body: string }> {
        const event = {
            version: "2.0",
            rawPath: "/secret",
            rawQueryString: `id=${encodeURIComponent(SECRET_ARN)}`,
            headers: { host: "abc123.execute-api.us-east-1.amazonaws.com" },
            isBase64Encoded: false,
            requestContext: { domainName: "abc123.execute-api.us-east-1.amazonaws.com", requestId: "r-1", http: { method: "GET" } },
        };
        const script = `require(${JSON.stringify(path.join(dir, "index.js"))}).handler(${JSON.stringify(event)}).then((r) => process.stdout.write(JSON.stringify(r)))`;
        const { stdout } = await promisify(execFile)(process.execPath, ["-e", script], {
            env: { PATH: process.env.PATH, HOME: tmp, AWS_REGION: "us-east-1", AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint, ...env },
        });
        return JSON.parse(stdout);
    }

    it("signs with the execution role's credentials from the environment, session token included", async () => {
        const result = await invoke(LAMBDA_CREDENTIALS);
        assert.equal(result.statusCode, 200, result.body);
        assert.equal(result.body, "s3cret");
        const headers = seen.at(-1)!;
        assert.match(
            String(headers.authorization),
            /^AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE\/\d{8}\/us-east-1\/secretsmanager\/aws4_request, /,
        );
        assert.equal(headers["x-amz-security-token"], LAMBDA_CREDENTIALS.AWS_SESSION_TOKEN);
    });

    it("looks nowhere else: without the variables the call fails naming them, and a shared credentials file is not read", async () => {
        fs.mkdirSync(path.join(tmp, ".aws"), { recursive: true });
        fs.writeFileSync(
            path.join(tmp, ".aws", "credentials"),
            "[default]\naws_access_key_id = AKIDFROMFILE\naws_secret_access_key = file\n",
        );
        const before = seen.length;
        const result = await invoke({});
        assert.equal(result.statusCode, 502);
        assert.match(result.body, /Unable to find environment variable credentials/);
        assert.equal(seen.length, before, "no request was sent");
    });

    it("carries none of the default chain's other links", () => {
        const code = fs.readFileSync(path.join(dir, "index.js"), "utf8");
        for (const link of ["fromSSO", "fromIni", "fromProcess", "fromTokenFile", "fromContainerMetadata", "fromInstanceMetadata"])
            assert.ok(!code.includes(`defaultProvider::${link}`), `${link} is bundled`);
    });
});
