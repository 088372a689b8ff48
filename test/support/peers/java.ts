/**
 * JVM settings for the Java emulators: a small serial-GC heap, because the suites
 * hold little data and the 2-core machine is shared with other test runs.
 */
export const javaOptions = ["-Xmx512m", "-XX:+UseSerialGC"];

/** Environment that hands `javaOptions` to a Java emulator started through a wrapper script. */
export function javaEnv(): NodeJS.ProcessEnv {
  return { ...process.env, JAVA_TOOL_OPTIONS: javaOptions.join(" ") };
}
