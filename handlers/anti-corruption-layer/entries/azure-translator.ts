/** The ACL function on Azure Functions (Key Vault); the bundler resolves the translator module. */
import * as translatorModule from "cloud-patterns:acl-translator";
import { azureSecretStore } from "../../secrets/azure";
import { deployedHandler } from "../deployed-handler";

export const handler = deployedHandler(translatorModule, azureSecretStore);
