/** The Azure read model: AI Search with the function app's managed identity (keys are off). */
import { azureSearchFetch } from "../../stores/clients/azure-search-fetch";
import { aiSearchReadModel } from "../../stores/read-model/ai-search";
import type { OpenReadModel } from "../functions";

export const openReadModel: OpenReadModel<"ai-search"> = (store, readModel) =>
    aiSearchReadModel(azureSearchFetch(), store.endpoint, store.index, readModel);
