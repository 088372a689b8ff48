/** The query function on Azure: AI Search. */
import { queryFunction } from "../functions";
import { openReadModel } from "./azure-read-model";

export const handler = queryFunction("ai-search", openReadModel);
