import { createHmac } from 'node:crypto';

/**
 * The pseudonym kept for a user with `inventory import --keep-users`: HMAC-SHA256 keyed with the store's own secret
 * (store_meta 'user-hmac'), so the clear name never reaches the store and the same user gives the same value in one
 * store only. `store find-personal --match` recomputes it to answer an access or erasure request.
 */
export const USER_HMAC_SECRET_KEY = 'user-hmac';

export function userPseudonym(secret: string, user: string): string {
  return `hmac-sha256:${createHmac('sha256', secret).update(user.trim()).digest('hex')}`;
}
