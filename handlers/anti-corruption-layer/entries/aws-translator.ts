/** The ACL function on Lambda (Secrets Manager); the bundler resolves the translator module. */
import * as translatorModule from "cloud-patterns:acl-translator";
import { awsSecretStore } from "../../secrets/aws";
import { deployedHandler } from "../deployed-handler";

export const handler = deployedHandler(translatorModule, awsSecretStore);
