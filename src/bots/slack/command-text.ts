/**
 * Slash command text as Slack sends it, turned back into what the person typed. The
 * commands are registered with "escape channels, users and links" on, so that a mention
 * arrives as an id the core can store: `@chairs-staff` comes as
 * `<!subteam^S0CHAIRS|@chairs-staff>`, `@amina` as `<@U0AMINA|amina>`, a pasted link as
 * `<https://…|label>`, and `&`, `<`, `>` as HTML entities.
 */

/** Slack's tokens inside command text. */
const TOKEN = /<([^<>]*)>/g;

/**
 * The text with links unwrapped to their URL (labels dropped), user and group mentions kept
 * as `<@U…>` / `<!subteam^S…>` (the forms the core recognises, labels dropped because they
 * may contain spaces), channel mentions as `#name`, and entities decoded.
 */
export function normalizeCommandText(text: string): string {
  const unwrapped = text.replace(TOKEN, (whole, inner: string) => {
    const bar = inner.indexOf('|');
    const target = bar === -1 ? inner : inner.slice(0, bar);
    const label = bar === -1 ? '' : inner.slice(bar + 1);
    if (/^[@][UW][A-Z0-9]+$/.test(target)) return `<${target}>`;
    if (/^!subteam\^[A-Z0-9]+$/.test(target)) return `<${target}>`;
    if (/^#[CGD][A-Z0-9]+$/.test(target)) return label ? `#${label}` : target;
    if (/^(https?:\/\/|mailto:)/i.test(target)) return target.replace(/^mailto:/i, '');
    // Broadcasts and anything unknown: keep the visible words, never the markup.
    if (target.startsWith('!')) return label || target.slice(1).split('^')[0] || '';
    return whole;
  });
  return decodeEntities(unwrapped);
}

/** Slack encodes exactly these three characters (and only these) in message text. */
export function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_m, name: string) =>
    name === 'amp' ? '&' : name === 'lt' ? '<' : '>',
  );
}

/**
 * The Slack file id in a word someone typed for a file argument: a file permalink
 * (`https://team.slack.com/files/U…/F…/name.pdf`), a private download link
 * (`https://files.slack.com/files-pri/T…-F…/name.pdf`) or a bare id (`F0ABC123`).
 */
export function fileIdOf(word: string): string | undefined {
  const w = word.trim();
  if (/^F[A-Z0-9]{6,}$/.test(w)) return w;
  let url: URL;
  try {
    url = new URL(w);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const parts = url.pathname.split('/').filter(Boolean);
  const files = parts.indexOf('files');
  if (files !== -1) {
    const id = parts[files + 2];
    if (id && /^F[A-Z0-9]+$/.test(id)) return id;
  }
  const pri = parts.findIndex((p) => p === 'files-pri' || p === 'files-tmb');
  if (pri !== -1) {
    const m = /^[TE][A-Z0-9]+-(F[A-Z0-9]+)$/.exec(parts[pri + 1] ?? '');
    if (m) return m[1];
  }
  return undefined;
}
