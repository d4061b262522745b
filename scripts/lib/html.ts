// The one layout for the hand-made docs pages (index, guides, error catalogue, changelog,
// migration guides). Everything is inline (styles, the highlight theme, one small script), so a
// page asks no other host for anything. The layout owns what every page needs alike:
// - nothing wider than the screen at 390 px: code scrolls inside its own <pre>, tables inside a
//   wrapper, long inline code breaks anywhere;
// - a "#" link on every heading that has an id (or heads a <section> that has one), shown on
//   hover and focus, so any section can be linked to;
// - a copy button on every code block.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** An empty inline icon, so browsers do not ask the server for /favicon.ico. */
export const NO_FAVICON_REQUEST = '<link rel="icon" href="data:,">';

// highlight.js's own light theme made for contrast (every token colour meets WCAG AA on its
// background); the guides are highlighted at build time (scripts/lib/guides.ts). It comes first
// in the style sheet: the layout's own rules for <pre> override its padding and scrolling.
const HIGHLIGHT_THEME = readFileSync(createRequire(import.meta.url).resolve('highlight.js/styles/a11y-light.min.css'), 'utf8');

const STYLE = `${HIGHLIGHT_THEME}
*,*::before,*::after{box-sizing:border-box}
body{font:16px/1.55 system-ui,-apple-system,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f;overflow-wrap:break-word}
a{color:#0b57d0}img,svg,video{max-width:100%;height:auto}
.table-scroll{max-width:100%;overflow-x:auto;margin:1rem 0}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.5rem;text-align:left;vertical-align:top}
code{background:#f3f3f3;padding:.1rem .3rem;border-radius:3px;overflow-wrap:anywhere}dt{margin-top:1rem;font-weight:600}dd{margin-left:1rem}
:target{background:#fff4c2}[id]{scroll-margin-top:1rem}
.code{margin:1rem 0;max-width:100%;border:1px solid #d8dee4;border-radius:6px;overflow:hidden}
.code-bar{display:flex;align-items:center;gap:.5rem;padding:.25rem .5rem;background:#f3f4f6;border-bottom:1px solid #d8dee4;font-size:.85rem;color:#3b3f45}
.code-lang{margin-right:auto;font-family:ui-monospace,monospace}
.copy{font:inherit;padding:.1rem .6rem;border:1px solid #8c959f;border-radius:4px;background:#fff;color:#1d1d1f;cursor:pointer}
.copy:hover{background:#eef1f4}.copy:focus-visible,.anchor:focus-visible,.table-scroll:focus-visible{outline:2px solid #0b57d0;outline-offset:2px}
pre:focus-visible{outline:2px solid #0b57d0;outline-offset:-2px}
pre{margin:0;max-width:100%;overflow-x:auto;padding:.75rem;background:#fefefe}
pre code,pre code.hljs{display:block;padding:0;background:none;white-space:pre;overflow-wrap:normal;overflow-x:visible}
.anchor{margin-left:.4rem;color:#0b57d0;text-decoration:none;font-weight:400;opacity:0}
h1:hover .anchor,h2:hover .anchor,h3:hover .anchor,h4:hover .anchor,h5:hover .anchor,h6:hover .anchor,.anchor:focus{opacity:1}
@media (hover:none){.anchor{opacity:1}}`;

// Copy buttons (navigator.clipboard; where it is missing, as on plain http off localhost, the
// code is selected instead), and keyboard access to a table that scrolls sideways.
const SCRIPT = `for (const bar of document.querySelectorAll('.code-bar')) {
  const pre = bar.parentElement.querySelector('pre');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'copy';
  button.textContent = 'Copy';
  button.setAttribute('aria-label', 'Copy code');
  const status = document.createElement('span');
  status.className = 'copy-status';
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  let timer;
  const say = (text) => {
    status.textContent = text;
    clearTimeout(timer);
    timer = setTimeout(() => { status.textContent = ''; }, 2500);
  };
  const select = () => {
    const range = document.createRange();
    range.selectNodeContents(pre);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    say('Selected: press Ctrl+C to copy');
  };
  button.addEventListener('click', () => {
    const text = pre.textContent.replace(/\\n$/, '');
    if (!navigator.clipboard) return select();
    navigator.clipboard.writeText(text).then(() => say('Copied'), select);
  });
  bar.append(status, button);
}
const tables = document.querySelectorAll('.table-scroll');
const focusScrollers = () => {
  for (const el of tables) {
    if (el.scrollWidth > el.clientWidth) el.tabIndex = 0;
    else el.removeAttribute('tabindex');
  }
};
focusScrollers();
addEventListener('resize', focusScrollers);`;

/** The text of a bit of HTML, for an attribute. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function anchorLink(id: string, headingHtml: string): string {
  return `<a class="anchor" href="#${id}" aria-label="Link to this section: ${textOf(headingHtml)}">#</a>`;
}

/**
 * The layout's changes to a body of HTML the scripts wrote (marked's output and our own
 * templates, never user input): heading anchors, code block frames and table wrappers.
 */
export function decorate(body: string): string {
  return (
    body
      // A heading with an id gets its "#" link (not twice).
      .replace(/<h([1-6])(\s[^>]*\bid="([^"]+)"[^>]*)>([\s\S]*?)<\/h\1>/g, (whole, level: string, attrs: string, id: string, inner: string) =>
        inner.includes('class="anchor"') ? whole : `<h${level}${attrs}>${inner}${anchorLink(id, inner)}</h${level}>`,
      )
      // A section with an id whose first child is a heading without one (the error catalogue).
      .replace(
        /(<section\s[^>]*\bid="([^"]+)"[^>]*>\s*)<h([1-6])>([\s\S]*?)<\/h\3>/g,
        (_whole, open: string, id: string, level: string, inner: string) => `${open}<h${level}>${inner}${anchorLink(id, inner)}</h${level}>`,
      )
      // Each code block in a frame with a bar: its language, and the copy button the script adds.
      // The <pre> takes focus, so a keyboard can scroll it.
      .replace(/<pre>(<code(?: class="([^"]*)")?>[\s\S]*?<\/code>)<\/pre>/g, (_whole, code: string, classes: string | undefined) => {
        const language = /\blanguage-([\w-]+)/.exec(classes ?? '')?.[1];
        return `<div class="code"><div class="code-bar"><span class="code-lang">${language ? escapeHtml(language) : ''}</span></div><pre tabindex="0">${code}</pre></div>`;
      })
      .replace(/<table[\s>][\s\S]*?<\/table>/g, (table) => `<div class="table-scroll">${table}</div>`)
  );
}

export function page(title: string, description: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${NO_FAVICON_REQUEST}
<meta name="description" content="${escapeHtml(description)}">
<style>
${STYLE}
</style>
</head>
<body>
${decorate(body)}
<script>
${SCRIPT}
</script>
</body>
</html>
`;
}
