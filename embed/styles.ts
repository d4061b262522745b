// The component's style, in its shadow root. Adopted as a constructed style sheet: a page's
// Content-Security-Policy `style-src` governs <style> elements and style attributes, not
// sheets built through the CSSOM, so a shop with a strict policy needs no 'unsafe-inline' for
// us. Browsers without adoptedStyleSheets (Safari before 16.4) get a <style> element instead.
//
// By default everything is inherited from the page (font, size, colour): the message looks like
// the shop's own text. The custom properties below theme it; embed/README.md lists them.
const CSS = `
:host{display:block;font-family:var(--evenpay-font-family,inherit);font-size:var(--evenpay-font-size,inherit);color:var(--evenpay-text-color,inherit);
  min-height:var(--evenpay-min-height,calc(1lh + 2.8 * var(--evenpay-small-print-size,.8125em)))}
@supports not (min-height:1lh){:host{min-height:var(--evenpay-min-height,calc(1.5em + 2.8 * var(--evenpay-small-print-size,.8125em)))}}
:host([hidden]){display:none}
[part~="message"]{margin:0}
[part~="small-print"]{margin:0;font-size:var(--evenpay-small-print-size,.8125em);line-height:1.4;color:var(--evenpay-small-print-color,inherit)}
button{font:inherit;cursor:pointer}
[part~="learn-more"]{background:none;border:0;padding:0;color:var(--evenpay-link-color,currentColor);text-decoration:underline;text-underline-offset:.15em}
button:focus-visible{outline:2px solid var(--evenpay-focus-color,currentColor);outline-offset:2px}
.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
dialog{box-sizing:border-box;width:min(32rem,calc(100vw - 2rem));max-height:calc(100dvh - 2rem);padding:1.25rem 1.25rem 1rem;border:0;
  border-radius:var(--evenpay-radius,12px);font-size:var(--evenpay-dialog-font-size,1rem);line-height:1.45;
  color:var(--evenpay-dialog-text-color,#1d1d1f);background:var(--evenpay-dialog-background,#fff)}
dialog::backdrop{background:rgb(0 0 0 / .55)}
.top{display:flex;align-items:flex-start;gap:1rem}
h2{margin:0 auto 0 0;font-size:1.25em;line-height:1.3}
[part~="close"]{flex:none;width:2.25rem;height:2.25rem;border:1px solid currentColor;border-radius:50%;background:none;color:inherit;font-size:1.25em;line-height:1}
.apr{margin:.25rem 0 1rem;font-weight:600}
ul{list-style:none;margin:0;padding:0;display:grid;gap:.75rem}
li{border:1px solid #c4c8cc;border-radius:8px;padding:.6rem .8rem}
h3{margin:0 0 .3rem;font-size:1em}
dl{margin:0;display:grid;grid-template-columns:auto auto;gap:.1rem 1rem}
dt,dd{margin:0}dd{text-align:right;font-variant-numeric:tabular-nums}
.fine{font-size:.875em;margin:1rem 0 0}
.bottom{display:flex;justify-content:flex-end;margin-top:1rem}
[part~="done"]{padding:.5rem 1.25rem;border:0;border-radius:6px;color:var(--evenpay-accent-text-color,#fff);background:var(--evenpay-accent-color,#0b6e4f)}
`;

let shared: CSSStyleSheet | undefined;

export function applyStyles(root: ShadowRoot): void {
  if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
    if (!shared) {
      shared = new CSSStyleSheet();
      shared.replaceSync(CSS);
    }
    root.adoptedStyleSheets = [shared];
    return;
  }
  const style = document.createElement('style');
  style.textContent = CSS;
  root.append(style);
}
