// Auto-pagination over any cursor list of a version, by path: yields every object, fetching the
// next page (starting_after = the last id) while `has_more` (pages.ts).
import type { Client } from 'openapi-fetch';
import { itemsFrom, type Page } from './pages.js';

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
    const get = client.GET as unknown as (path: P, init: { params: { query: Record<string, unknown> } }) => Promise<{ data?: Page }>;
    // A page that did not come (an error answer) ends the walk.
    const pageAfter = async (startingAfter?: string): Promise<Page> =>
      (await get(path, { params: { query: { ...(query as Record<string, unknown>), ...(startingAfter ? { starting_after: startingAfter } : {}) } } })).data ?? {
        data: [],
        has_more: false,
      };
    yield* itemsFrom(pageAfter(), pageAfter) as AsyncGenerator<ListItem<GetOf<Paths, P>>>;
  };
}
