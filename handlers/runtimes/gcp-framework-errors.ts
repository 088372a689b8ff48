/**
 * functions-framework 5 parses JSON, text and form bodies before the function runs
 * (build/src/server.js: body-parser, Express 5) and offers no error-handling hook, so a malformed
 * JSON body, an unsupported charset or a form with too many fields reaches Express's final
 * handler, which answers an HTML page. The framework builds its server with
 * `http.createServer(app)` after it has loaded the function; from then on this hands Express the
 * `next` of that app (`app(req, res, next)`, Express's own signature for a mounted app), so what
 * the parsers refuse comes back here and is answered as the problem document every function gives.
 */
import { randomUUID } from "node:crypto";
// The module object itself (a namespace import is a frozen copy): its createServer is what the framework calls.
import http from "node:http";
import { REQUEST_ID_HEADER } from "../contracts";
import { HttpError, problemResponse } from "../http/problem";
import { writeResponse } from "./node-http";

type Listener = (req: http.IncomingMessage, res: http.ServerResponse, next?: (err?: unknown) => void) => void;

/** What body-parser's errors carry (http-errors): the status, and whether the message may be shown. */
interface FrameworkError {
    readonly status?: number;
    readonly statusCode?: number;
    readonly expose?: boolean;
    readonly message?: string;
}

let installed = false;

/** Makes every Express app served through node:http from now on answer its unhandled errors as problem documents. */
export function answerFrameworkErrorsAsProblems(): void {
    if (installed) return;
    installed = true;
    const createServer = http.createServer;
    const patched = (...args: unknown[]) => {
        const at = args.findIndex((a) => typeof a === "function");
        if (at >= 0 && isExpressApp(args[at])) {
            const app = args[at];
            args[at] = ((req, res) => app(req, res, (err) => void answer(req, res, err))) satisfies Listener;
        }
        return (createServer as (...a: unknown[]) => http.Server)(...args);
    };
    (http as { createServer: unknown }).createServer = patched;
}

/** An Express application: a listener with the app methods Express mixes into it. */
function isExpressApp(value: unknown): value is Listener {
    const app = value as { handle?: unknown; set?: unknown; use?: unknown };
    return typeof app.handle === "function" && typeof app.set === "function" && typeof app.use === "function";
}

/** The answer for what no route or the framework's parsers left: a 4xx with its reason, anything else a logged 500. */
async function answer(req: http.IncomingMessage, res: http.ServerResponse, err: unknown): Promise<void> {
    const requestId = header(req, REQUEST_ID_HEADER) ?? header(req, "function-execution-id") ?? randomUUID();
    const occurrence = { instance: new URL(req.url ?? "/", "http://localhost").pathname, requestId };
    const error = err as FrameworkError | undefined;
    const status = err === undefined ? 404 : (error?.status ?? error?.statusCode ?? 500);
    let problem: HttpError;
    if (status >= 400 && status < 500) {
        const reason =
            err === undefined ? `no route serves ${req.method} ${occurrence.instance}` : error?.expose ? error.message : "refused";
        problem = new HttpError(status, http.STATUS_CODES[status] ?? "Client Error", `the request cannot be read: ${reason}`);
    } else {
        console.error(`functions-framework failed for request ${requestId}:`, err);
        problem = new HttpError(500, "Internal Server Error", `the function failed; its log has the error under request id ${requestId}`);
    }
    if (res.headersSent) {
        res.end();
        return;
    }
    await writeResponse(res, problemResponse(problem, occurrence));
}

function header(req: http.IncomingMessage, name: string): string | undefined {
    const value = req.headers[name];
    return Array.isArray(value) ? value[0] : value;
}
