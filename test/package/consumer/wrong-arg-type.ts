// A user's mistake: maxAttempts is a number. tsc refuses it; run untyped, the component names it.
import { Retry } from "cloud-patterns";

new Retry("bad", { workerModule: "./worker.ts", maxAttempts: "three" });
