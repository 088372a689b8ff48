/**
 * Entry point of the ACL function driven by the user's translator module, which the bundler
 * resolves from the import specifier below to the file given in the component's `translatorModule`.
 */
import * as userModule from "cloud-patterns:acl-translator";
import { deployedHandler } from "./entry";
import { asTranslator } from "./translator";

export const handler = deployedHandler(false, () => asTranslator(userModule, "translatorModule"));
