// Auto-pagination over any cursor list of a version: yields every object, fetching the next page
// (starting_after = the last id) while `has_more`.
import type { Client } from 'openapi-fetch';

type ListItem<Op> = Op extends { responses: { 200: { content: { 'application/json': { data: Array<infer Item>; has_more: boolean } } } } } ? Item : never;

/** Paths whose GET answers a `{ data, has_more }` list. */
export type ListPath<Paths> = {
  [P in keyof Paths]: Paths[P] extends { get: infer Op } ? ([ListItem<Op>] extends [never] ? never : P) : never;
}[keyof Paths];

type QueryOf<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
type GetOf<Paths, P extends keyof Paths> = Paths[P] extends { get: infer Op } ? Op : never;

export function paginator<Paths extends {}>(client: Client<Paths>) {
  return async function* paginate<P extends ListPath<Paths>>(
    path: P,
    query: Omit<QueryOf<GetOf<Paths, P>>, 'starting_after' | 'ending_before'> = {} as never,
  ): AsyncGenerator<ListItem<GetOf<Paths, P>>> {
    let startingAfter: string | undefined;
    for (;;) {
      const get = client.GET as unknown as (
        path: P,
        init: { params: { query: Record<string, unknown> } },
      ) => Promise<{ data?: { data: Array<{ id: string }>; has_more: boolean } }>;
      const { data: page } = await get(path, {
        params: { query: { ...(query as Record<string, unknown>), ...(startingAfter ? { starting_after: startingAfter } : {}) } },
      });
      if (!page) return;
      for (const item of page.data) yield item as ListItem<GetOf<Paths, P>>;
      const last = page.data.at(-1);
      if (!page.has_more || !last) return;
      startingAfter = last.id;
    }
  };
}
