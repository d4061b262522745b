// JSON Pointer (RFC 6901) and local `$ref`s over a parsed spec: the one place that escapes,
// unescapes and follows them (the service's wording of refusals, the scripts and the tests).

type Node = Record<string, unknown>;

/** One pointer token as the name it stands for (`a~1b` → `a/b`, `a~0b` → `a~b`). */
export function decodeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** A name as one pointer token. */
export function encodeToken(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The names a pointer (`/a/b~1c`, or a `#/…` fragment) walks through. */
export function pointerTokens(pointer: string): string[] {
  const path = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  return path === '' ? [] : path.split('/').slice(1).map(decodeToken);
}

/** What `pointer` points at in `document`, or undefined. */
export function pointerGet(document: unknown, pointer: string): unknown {
  return pointerTokens(pointer).reduce<unknown>((at, key) => (at !== null && typeof at === 'object' ? (at as Node)[key] : undefined), document);
}

/** A node with its local `$ref`s followed (at most `maxHops`), or the node itself; undefined for a dangling or outside reference. */
export function followRef(document: unknown, node: unknown, maxHops = 20): unknown {
  let at = node;
  for (let hops = 0; hops < maxHops && at !== null && typeof at === 'object' && typeof (at as Node).$ref === 'string'; hops++) {
    const ref = (at as Node).$ref as string;
    if (!ref.startsWith('#/')) return undefined;
    at = pointerGet(document, ref);
  }
  return at;
}
