// What overflows a page sideways, measured in the page: shared by the docs' browser tests (a
// page too wide for its screen names the element to fix).
import type { Page } from 'playwright-core';

/** What overflows the page sideways: the page's scroll width, and the element reaching furthest right. */
// The functions given to evaluate run in the page: they reach its globals through `globalThis`,
// untyped, since tsc here knows Node's globals only (no DOM library).
export function horizontalOverflow(tab: Page) {
  return tab.evaluate(() => {
    const { document, scrollX } = globalThis as any;
    const root = document.documentElement;
    let widest: any;
    let right = root.clientWidth;
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      // The furthest-reaching one; on a tie the innermost, which is the one to fix.
      if (box.width > 0 && box.right + scrollX >= right && box.right + scrollX > root.clientWidth) {
        right = box.right + scrollX;
        widest = el;
      }
    }
    const describe = (el: any) =>
      `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''}> reaching ${Math.round(right)} px: ${(el.textContent ?? '').trim().slice(0, 80)}`;
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, widest: widest ? describe(widest) : 'none found' };
  });
}
