/** Building a Cqrs under mocks, per cloud, with the product catalog's read model. */
import { Cloud } from "../../components/cloud";
import { Cqrs, CqrsArgs } from "../../components/cqrs";
import { evaluate, valueOf } from "../../plan/mock-cloud";
export { settingsOf } from "../support/resources";

export const CLOUD_CONFIG: Record<Cloud, Record<string, string>> = {
    aws: { "cloud-patterns:cloud": "aws", "aws:region": "us-east-1" },
    azure: { "cloud-patterns:cloud": "azure", "azure-native:location": "westeurope" },
    gcp: { "cloud-patterns:cloud": "gcp", "gcp:region": "us-central1", "gcp:project": "mock-project" },
};

export const CATALOG: CqrsArgs = {
    entity: "products",
    readModel: {
        fields: { name: "string", category: "string", price: "number", tags: "string[]" },
        searchable: ["name"],
        filterable: ["category", "price", "tags"],
        sortable: ["price"],
        facetable: ["category"],
    },
    tags: { team: "catalog" },
};

export async function deployCqrs(cloud: Cloud, args: Partial<CqrsArgs> = {}, before?: () => object) {
    const { resources, result } = await evaluate(
        () => {
            const extra = before?.() ?? {};
            return new Cqrs("cat", { ...CATALOG, ...args, ...extra });
        },
        { config: CLOUD_CONFIG[cloud] },
    );
    const outputs = {
        commandUrl: await valueOf(result.commandUrl),
        queryUrl: await valueOf(result.queryUrl),
        writeStoreName: await valueOf(result.writeStoreName),
        readStoreName: await valueOf(result.readStoreName),
    };
    return { resources, result, outputs };
}
