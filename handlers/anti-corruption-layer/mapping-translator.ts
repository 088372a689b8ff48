/**
 * The translator module bundled when the component has no `translatorModule`: it tells the
 * entry to translate with the declarative mapping from the function's settings.
 */
export const mappingFromSettings = true;
