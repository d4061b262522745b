// Sandbox underwriting is deterministic and documented, like test card numbers: magic words in
// the local part of the customer's email decide. Listed in the spec (confirmSandboxCheckout).
import type { components } from '../../generated/v2/client.js';

export type DeclineCategory = components['schemas']['DeclineCategory'];

export type SandboxDecision = { outcome: 'approved'; authorizationTtlSeconds: number | null } | { outcome: 'declined'; declineCategory: DeclineCategory };

/** `+expire_fast` sandbox authorizations expire after this long instead of the configured TTL. */
export const FAST_EXPIRY_SECONDS = 5 * 60;

const DECLINES: Record<string, DeclineCategory> = {
  '+decline_credit': 'credit_risk',
  '+decline_fraud': 'fraud_risk',
  '+decline_identity': 'identity_unverified',
  '+decline_limit': 'exposure_limit',
};

export function decideSandbox(email: string): SandboxDecision {
  const local = (email.split('@')[0] ?? '').toLowerCase();
  for (const [magic, declineCategory] of Object.entries(DECLINES)) {
    if (local.includes(magic)) return { outcome: 'declined', declineCategory };
  }
  return { outcome: 'approved', authorizationTtlSeconds: local.includes('+expire_fast') ? FAST_EXPIRY_SECONDS : null };
}
