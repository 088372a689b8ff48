/** The DynamoDB attribute whose epoch-seconds value lets DynamoDB expire a tombstone (the table's TTL setting names it). */
export const TTL_ATTRIBUTE = "expiresAt";
