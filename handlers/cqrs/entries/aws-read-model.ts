/** The AWS read model: OpenSearch, signed with the function's role (SigV4, `aoss` or `es`). */
import { awsSignedFetch } from "../../stores/clients/aws-signed-fetch";
import { openSearchReadModel } from "../../stores/read-model/opensearch";
import type { OpenReadModel } from "../functions";

export const openReadModel: OpenReadModel<"opensearch"> = (store, readModel) =>
    openSearchReadModel(awsSignedFetch(store.service, store.region), store.endpoint, store.index, readModel);
