// The Markdown guides in docs/guides, rendered with marked into the shared layout (html.ts):
// code highlighted at build time with highlight.js (marked-highlight), so the page runs no
// highlighter; every heading gets GitHub's slug as its id (marked-gfm-heading-id), so a link to
// a section of a guide on GitHub and on the portal is the same fragment.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Marked } from 'marked';
import { gfmHeadingId } from 'marked-gfm-heading-id';
import { markedHighlight } from 'marked-highlight';
import { repoRoot } from './apis.js';
import type { EmbedScript } from './embed.js';
import { page } from './html.js';

export interface Guide {
  slug: string;
  title: string;
  description: string;
}

// highlight.js is loaded through require, typed by the little of it used here: its own types
// say `/// <reference lib="dom" />`, which would put the DOM's types (its `Headers`, without
// iteration) into every file tsc checks and break the Node code that iterates fetch headers.
interface Highlighter {
  registerLanguage(name: string, language: unknown): void;
  registerAliases(aliases: string[], options: { languageName: string }): void;
  getLanguage(name: string): unknown;
  highlight(code: string, options: { language: string }): { value: string };
}
const require = createRequire(import.meta.url);
const hljs = require('highlight.js/lib/core') as Highlighter;

// The languages the guides use (curl in sh, the SDK in ts, bodies in json, raw http), with their
// aliases (sh, shell, ts, js, yml, text, …). A fence in any other language fails the build:
// register it here.
for (const name of ['bash', 'css', 'http', 'javascript', 'json', 'plaintext', 'typescript', 'xml', 'yaml']) {
  hljs.registerLanguage(name, require(`highlight.js/lib/languages/${name}`));
}
hljs.registerAliases(['shell', 'console'], { languageName: 'bash' });
// highlight.js has no CSV grammar; a report's CSV is shown as plain text.
hljs.registerAliases(['csv'], { languageName: 'plaintext' });

/** Our own marked (not the shared `marked` singleton, which the migration guides use as it is). */
const markdown = new Marked(
  markedHighlight({
    emptyLangClass: 'hljs',
    langPrefix: 'hljs language-',
    highlight(code, language) {
      if (language && !hljs.getLanguage(language)) {
        throw new Error(`a code block in \`${language}\`, which scripts/lib/guides.ts does not register with highlight.js`);
      }
      return hljs.highlight(code, { language: language || 'plaintext' }).value;
    },
  }),
  gfmHeadingId(),
);

/** The front matter (`title:`, `description:`) and the Markdown after it. */
function parseGuide(source: string): { meta: Record<string, string>; markdown: string } {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(source);
  const meta = Object.fromEntries(
    (match?.[1] ?? '').split('\n').map((line) => [line.slice(0, line.indexOf(':')).trim(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  return { meta, markdown: source.slice(match?.[0].length ?? 0) };
}

const FENCE_LANGUAGE: Record<string, string> = { '.ts': 'ts', '.sh': 'sh', '.json': 'json', '.yaml': 'yaml' };

/**
 * `<!-- include examples/quickstart.ts -->` on a line of its own becomes that file (from the
 * repository root) as a code block: a guide shows the very code the tests run, never a copy.
 */
export function expandIncludes(source: string): string {
  return source.replace(/^<!-- include (\S+) -->$/gm, (_, file: string) => {
    const code = readFileSync(path.join(repoRoot, file), 'utf8').trimEnd();
    const fence = code.includes('```') ? '~~~~' : '```';
    return `${fence}${FENCE_LANGUAGE[path.extname(file)] ?? ''}\n${code}\n${fence}`;
  });
}

/** Where the published API serves /js (the origin of the v2 spec's server). */
const PUBLISHED_ORIGIN = 'https://api.evenpay.com';

/**
 * `<!-- evenpay.js script tag -->` on a line of its own becomes the <script> tag of the current
 * evenpay.js by its exact version, with the integrity hash of the very file the service serves
 * (computed by this build, never copied by hand, so it cannot go stale).
 */
export function expandScriptTag(source: string, embed: EmbedScript): string {
  return source.replace(
    /^<!-- evenpay\.js script tag -->$/gm,
    () =>
      `\`\`\`html\n<script src="${PUBLISHED_ORIGIN}/js/${embed.file}"\n        integrity="${embed.integrity}"\n        crossorigin="anonymous"></script>\n\`\`\``,
  );
}

/** A guide's body: highlighted code blocks, an id on every heading. */
export function renderGuide(source: string): string {
  return markdown.parse(source, { async: false });
}

/** Renders every guide of docs/guides into `<outDir>/guides/<slug>.html`; returns them for the index. */
export function buildGuides(outDir: string, embed: EmbedScript): Guide[] {
  const dir = path.join(repoRoot, 'docs', 'guides');
  mkdirSync(path.join(outDir, 'guides'), { recursive: true });
  return readdirSync(dir)
    .filter((file) => file.endsWith('.md'))
    .sort()
    .map((file) => {
      const { meta, markdown: source } = parseGuide(readFileSync(path.join(dir, file), 'utf8'));
      const slug = file.replace(/\.md$/, '');
      const guide = { slug, title: meta.title ?? slug, description: meta.description ?? '' };
      let rendered: string;
      try {
        rendered = renderGuide(expandScriptTag(expandIncludes(source), embed));
      } catch (error) {
        throw new Error(`docs/guides/${file}: ${(error as Error).message}`, { cause: error });
      }
      const body = `<p><a href="../">Evenpay API documentation</a> › Guides</p>\n${rendered}`;
      writeFileSync(path.join(outDir, 'guides', `${slug}.html`), page(guide.title, guide.description, body));
      return guide;
    });
}
