import { firestoreRestDatabase, type FirestoreDatabase, type FirestoreRestOptions } from "./firestore-rest";

/**
 * A Firestore database for the functions: the REST API with the function's service account, or the
 * emulator `FIRESTORE_EMULATOR_HOST` names (as the SDK finds it: plain HTTP, no token; the project
 * from `GOOGLE_CLOUD_PROJECT` or `GCLOUD_PROJECT`). Explicit options (tests) win over the variables.
 */
export function firestoreClient(databaseId: string, options: FirestoreRestOptions = {}): FirestoreDatabase {
    const emulator = process.env.FIRESTORE_EMULATOR_HOST;
    return firestoreRestDatabase(databaseId, emulator ? { endpoint: `http://${emulator}`, token: null, ...options } : options);
}
