// A few lines instead of a framework: elements built with textContent (never innerHTML, so
// nothing the API says is parsed as markup) and no inline handlers (a strict CSP forbids them).

type Children = Array<Node | string>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, children: Children = []): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}
