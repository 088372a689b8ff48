/** The ACL function on Cloud Functions (Secret Manager); the bundler resolves the translator module. */
import * as translatorModule from "cloud-patterns:acl-translator";
import { gcpSecretStore } from "../../secrets/gcp";
import { deployedHandler } from "../deployed-handler";

export const handler = deployedHandler(translatorModule, gcpSecretStore);
