// How an operation authenticates, read from its spec: its own `security`, or else the version's
// top-level one. A leaf module (no imports): the docs build reads it for the code samples.

/** v2's secret key (Bearer), v1's key pair (Basic), or a publishable key alone (Bearer, or Basic with an empty password). */
export type AuthScheme = 'bearer' | 'basic' | 'publishable';

type SecurityRequirements = Array<Record<string, string[]>>;

/** The security schemes that take a publishable key alone (an operation a browser calls). */
export const PUBLISHABLE_KEY_SCHEMES: ReadonlySet<string> = new Set(['publishableKey', 'publishableKeyBasic']);

/**
 * A secret key as a bearer token (`bearer`), v1's key pair (`basic`), or the publishable key alone
 * (`publishable`, when every scheme the requirements name is one of PUBLISHABLE_KEY_SCHEMES).
 */
export function authSchemeOf(
  spec: { security?: SecurityRequirements; components?: { securitySchemes?: Record<string, { scheme?: string }> } },
  operation?: { security?: SecurityRequirements },
): AuthScheme {
  const names = (operation?.security ?? spec.security ?? []).flatMap((requirement) => Object.keys(requirement));
  if (names.length > 0 && names.every((name) => PUBLISHABLE_KEY_SCHEMES.has(name))) return 'publishable';
  const scheme = names.length === 1 ? spec.components?.securitySchemes?.[names[0]!]?.scheme : undefined;
  if (scheme !== 'bearer' && scheme !== 'basic') throw new Error(`Unsupported security ${names.join(', ') || '(none)'} in spec`);
  return scheme;
}
