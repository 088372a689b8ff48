import { Firestore, Settings } from "@google-cloud/firestore";

/**
 * A Firestore client for a named database (Cloud Functions' service account supplies the
 * credentials; `FIRESTORE_EMULATOR_HOST` or explicit settings point tests at the emulator).
 */
export function firestoreClient(settings: Settings = {}): Firestore {
    return new Firestore({ ignoreUndefinedProperties: true, ...settings });
}
