// The one cursor walk of the SDK: every item of a list, page after page, fetching the next
// (`starting_after` = the last id) while `has_more`. Used by the resource methods' async
// iteration (resources.ts) and by `paginate` (paginate.ts).

export interface Page<Item extends { id: string } = { id: string }> {
  data: Item[];
  has_more: boolean;
}

/** The items of `first` and of every page after it; `next` fetches the page after an id. */
export async function* itemsFrom<Item extends { id: string }>(
  first: Promise<Page<Item>>,
  next: (startingAfter: string) => Promise<Page<Item>>,
): AsyncGenerator<Item> {
  let page = await first;
  for (;;) {
    yield* page.data;
    const last = page.data.at(-1);
    if (!page.has_more || !last) return;
    page = await next(last.id);
  }
}
