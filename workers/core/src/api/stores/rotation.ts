/**
 * How long the previous webhook secret keeps verifying after a rotation: Shopify says a new client
 * secret can take up to an hour to be used for signing.
 */
export const ROTATION_GRACE_MS = 60 * 60 * 1000;
