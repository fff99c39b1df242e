/**
 * A deterministic generator of large bracketed drafts for benchmarks and scale tests:
 * sections ("Action Line C7. ...") of numbered paragraphs whose sentences carry nested
 * brackets, alternatives, holder annotations, footnote markers and qualifiers in the
 * proportions of real compilation texts. The vocabulary is the project's own.
 */

export interface GeneratedDraft {
  text: string;
  /** Negotiation brackets written (annotations and footnote markers excluded). */
  brackets: number;
}

export interface GenerateOptions {
  /** Approximate size in characters. */
  size: number;
  /** Approximate number of negotiation brackets. */
  brackets: number;
  seed?: number;
  format?: 'markdown' | 'text';
  /** Mutation pass for diff benchmarks: resolve, delete and add some brackets. */
  revise?: boolean;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUBJECTS = [
  'Governments',
  'All stakeholders',
  'Member States',
  'The private sector',
  'Civil society organizations',
  'International organizations',
  'Regional commissions',
  'Parties',
  'Developed countries',
  'National regulators',
];
const MODALS = ['shall', 'should', 'may', 'will', 'are encouraged to', 'are invited to'];
const VERBS = [
  'promote',
  'strengthen',
  'support',
  'facilitate',
  'encourage',
  'develop',
  'enhance',
  'protect',
  'review',
  'coordinate',
];
const OBJECTS = [
  'affordable access to broadband networks',
  'the security of online transactions',
  'multilingual content on the Internet',
  'independent and pluralistic media',
  'capacity building for local institutions',
  'open standards for public data',
  'the participation of women in the digital economy',
  'cooperation on cross-border data flows',
  'the preservation of cultural heritage in digital form',
  'confidence in the use of information services',
  'community radio and local broadcasting',
  'research networks linking universities',
];
const TAILS = [
  'in accordance with national circumstances',
  'as appropriate',
  'inter alia through public-private partnerships',
  'in their respective roles and responsibilities',
  'where appropriate',
  'with due regard to privacy and freedom of expression',
  'taking into account the needs of developing countries',
  'by 2020',
  'within existing resources',
  'through voluntary contributions',
];
const TITLES = [
  'Access to information and knowledge',
  'Capacity building',
  'Building confidence and security',
  'Enabling environment',
  'E-government and e-business',
  'Cultural diversity and identity',
  'Media',
  'Ethical dimensions',
  'International cooperation',
  'Infrastructure',
];
const HOLDERS = [
  'US',
  'EU',
  'G77',
  'Russian Federation',
  'Brazil',
  'AGN',
  'Japan',
  'Switzerland',
  'LMDC',
  'Canada',
];

/** Generates a draft of about `size` characters holding about `brackets` negotiation brackets. */
export function generateDraft(options: GenerateOptions): GeneratedDraft {
  const rnd = mulberry32(options.seed ?? 2014);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const md = (options.format ?? 'markdown') === 'markdown';
  const perChar = options.brackets / options.size;
  const out: string[] = [];
  let length = 0;
  let brackets = 0;
  const push = (s: string) => {
    out.push(s);
    length += s.length;
  };
  push(md ? '# Outcome document: implementation of the action lines\n\n' : 'OUTCOME DOCUMENT\n\n');
  let section = 0;
  let footnote = 0;
  while (length < options.size) {
    section++;
    const label = `C${section}`;
    push(md ? `## Action Line ${label}. ${pick(TITLES)}\n\n` : `Action Line ${label}. ${pick(TITLES)}\n`);
    const paragraphs = 8 + Math.floor(rnd() * 12);
    for (let p = 1; p <= paragraphs && length < options.size; p++) {
      const sentences: string[] = [];
      const count = 1 + Math.floor(rnd() * 3);
      let written = 0;
      for (let k = 0; k < count; k++) {
        const parts: string[] = [pick(SUBJECTS)];
        // Brackets are spent as the text grows, so the draft ends near the requested density.
        const allow = () => brackets + written < perChar * (length + 200 * (k + 1));
        if (allow() && rnd() < 0.5) {
          const a = pick(MODALS);
          let b = pick(MODALS);
          if (b === a) b = MODALS[(MODALS.indexOf(a) + 1) % MODALS.length] as string;
          parts.push(`[${a}][${b}]`);
          written += 2;
        } else parts.push(pick(MODALS));
        parts.push(pick(VERBS));
        let object = pick(OBJECTS);
        if (allow() && rnd() < 0.6) {
          const words = object.split(' ');
          const at = 1 + Math.floor(rnd() * (words.length - 1));
          const depth = rnd() < 0.25 ? (rnd() < 0.3 ? 3 : 2) : 1;
          let inner = words[at] as string;
          for (let d = 1; d < depth; d++) inner = `${inner} [and ${pick(['open', 'fair', 'secure'])}`;
          words[at] = `[${inner}${']'.repeat(depth)}`;
          written += depth;
          object = words.join(' ');
        }
        parts.push(object);
        if (allow()) {
          const tail = pick(TAILS);
          parts.push(rnd() < 0.25 ? `[${tail}] [${pick(HOLDERS)}: delete]` : `[${tail}]`);
          written++;
        } else if (rnd() < 0.3) parts.push(pick(TAILS));
        if (rnd() < 0.05) {
          footnote++;
          parts[parts.length - 1] += md ? `[^${footnote}]` : `[${footnote}]`;
        }
        sentences.push(`${parts.join(' ')}.`);
      }
      brackets += written;
      const number = `${section * 100 + p}.`;
      const body = sentences.join(' ');
      // A long paragraph wraps at about 90 characters in the text format, as pdftotext does.
      push(md ? `${number} ${body}\n\n` : `${number} ${wrap(body, 90)}\n`);
    }
    push('\n');
  }
  let text = out.join('');
  if (options.revise) text = revise(text, rnd);
  return { text, brackets };
}

function wrap(s: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of s.split(' ')) {
    if (line.length + word.length + 1 > width && line.length > 0) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

/** A later version: some brackets agreed (kept), some deleted, some added, some paragraphs moved. */
function revise(text: string, rnd: () => number): string {
  let out = text.replace(
    /\[(shall|should|may|will)\]\[(shall|should|may|will|are encouraged to|are invited to)\]/g,
    (m, a) => (rnd() < 0.3 ? a : m),
  );
  out = out.replace(/ \[(as appropriate|where appropriate)\]/g, (m) => (rnd() < 0.4 ? '' : m));
  out = out.replace(/\[(by 2020)\]/g, (m) => (rnd() < 0.5 ? '[by 2025]' : m));
  out = out.replace(/ (affordable access to broadband networks)/g, (m, a) => (rnd() < 0.2 ? ` [${a}]` : m));
  // Swap a few pairs of neighbouring paragraphs, as a renumbering would.
  const paras = out.split('\n\n');
  for (let i = 2; i + 1 < paras.length; i += 37) {
    const a = paras[i] as string;
    paras[i] = paras[i + 1] as string;
    paras[i + 1] = a;
  }
  return paras.join('\n\n');
}

/**
 * A dense draft: one realistic short section (many short paragraphs, nested brackets,
 * annotations, Alt 1/Alt 2 alternatives, qualifiers), written for this benchmark and
 * repeated under new numbers up to `size` characters. Real compilation texts look like this
 * at their densest; `generateDraft` is sparser. Used by `npm run bench -- drafts` and the
 * engine-answers test.
 */
export function denseDraft(size: number): string {
  const section = (n: number) =>
    [
      `Article ${n} [Cooperation]`,
      '',
      `${n}.1 Parties [shall][should] [, as appropriate,] cooperate [on [research] and [systematic observation]] [US: delete].`,
      `${n}.2 [Developed country Parties [shall] provide [new and additional] [financial resources]] [G77: retain].`,
      `Alt 1: [Each Party shall report [every [two][five] years].]`,
      `Alt 2: [Parties may report [, inter alia,] on progress.]`,
      `${n}.3 [Parties [are invited to] share [data] [information] [where possible].]`,
      `${n}.4 [[Parties] [All Parties] shall [enhance] [strengthen] action [by [2025][2030]].] [proposed by EU]`,
      `${n}.5 Parties, [in accordance with national circumstances,] shall [promote] [support] [education].`,
      '',
    ].join('\n');
  // Real drafts number their articles within three digits: past 500 articles the numbering
  // starts again under a new part, as compilations of several instruments do.
  const parts: string[] = [];
  let length = 0;
  for (let n = 1; length < size; n++) {
    const article = ((n - 1) % 500) + 1;
    const s =
      article === 1 ? `Part ${Math.floor((n - 1) / 500) + 1}\n\n${section(article)}` : section(article);
    parts.push(s);
    length += s.length;
  }
  return parts.join('\n');
}
