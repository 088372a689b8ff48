/** Entry point of the ACL function driven by the declarative mapping in its settings. */
import { deployedHandler } from "./entry";
import { declarativeTranslator } from "./translator";

export const handler = deployedHandler(true, (settings) => declarativeTranslator(settings.mapping!));
