/**
 * The user's modules, bundled in place of these specifiers (components/cqrs/functions.ts): the
 * `commandModule` (or default-command.ts) and the `projectionModule` (or default-projection.ts).
 * Checked at cold start by asCommandModule / asProjectionModule.
 */
declare module "cloud-patterns:cqrs-command" {
    export const decide: unknown;
}

declare module "cloud-patterns:cqrs-projection" {
    export const project: unknown;
}
