// The one layout for the hand-made docs pages (index, error catalogue).
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** An empty inline icon, so browsers do not ask the server for /favicon.ico. */
export const NO_FAVICON_REQUEST = '<link rel="icon" href="data:,">';

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
body{font:16px/1.55 system-ui,-apple-system,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.5rem;text-align:left}
code{background:#f3f3f3;padding:.1rem .3rem;border-radius:3px}dt{margin-top:1rem;font-weight:600}dd{margin-left:1rem}
:target{background:#fff4c2}
pre{overflow-x:auto;background:#f3f3f3;padding:.75rem;border-radius:4px}pre code{padding:0}
</style>
</head>
<body>
${body}
</body>
</html>
`;
}
