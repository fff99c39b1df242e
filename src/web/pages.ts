import { html } from 'hono/html';
import type { MeetingView } from '../core/app/schedule.js';
import { versionPath } from '../core/app/web-access.js';
import type {
  BracketMap,
  MeetingsPage,
  OverviewDocument,
  ProcessOverview,
  TextSegment,
  VersionView,
  ViewParagraph,
} from '../core/app/web-views.js';
import type { ReportedState } from '../core/drafts/index.js';
import { formatInstant } from '../core/reply.js';
import { daysApart, describeConflict, formatVenue } from '../core/schedule/index.js';
import { STYLESHEET_HASH } from './assets.js';

/**
 * The pages, server-rendered with Hono's `html` template: every interpolated value is
 * escaped by the template, and only the template's own results are inserted raw. No page
 * needs JavaScript; toggles are links. The models come from src/core/app/web-views.ts.
 */

type Html = ReturnType<typeof html>;

/** Where a page's links start: `/t/<token>` or `/p/<tenant>/<process>`, and the calendar's address. */
export interface PageLinks {
  base: string;
  calendar: string;
  webcal: string;
}

const STATE_WORDS: Record<ReportedState | 'absent', string> = {
  clean: 'agreed',
  'provisionally-agreed': 'provisionally agreed',
  'partly-bracketed': 'partly bracketed',
  'wholly-bracketed': 'wholly bracketed',
  uncertain: 'uncertain',
  absent: 'not in this version',
};

function stateBadge(state: ReportedState | null): Html {
  const key = state ?? 'absent';
  return html`<span class="state state-${key}">${STATE_WORDS[key]}</span>`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The frame of every page. */
export function layout(input: {
  title: string;
  heading: string;
  crumbs?: Html;
  body: Html;
  robots?: boolean;
}): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
${input.robots === false ? html`<meta name="robots" content="noindex, nofollow">` : ''}
<title>${input.title}</title>
<link rel="stylesheet" href="/assets/style-${STYLESHEET_HASH}.css">
</head>
<body>
<a class="skip" href="#content">Skip to content</a>
<header class="top">
${input.crumbs ? html`<nav class="crumbs" aria-label="Breadcrumb">${input.crumbs}</nav>` : ''}
<h1>${input.heading}</h1>
</header>
<main id="content">
${input.body}
</main>
<footer class="bottom">Rapporteur: read-only view. Brackets mark text not yet agreed; nothing here is an official record.</footer>
</body>
</html>`;
}

/** A page that says nothing about what exists. */
export function notFoundPage(): Html {
  return layout({
    title: 'Not found',
    heading: 'Not found',
    robots: false,
    body: html`<p>This link does not lead anywhere, or it has expired.</p><p>Ask in your channel for a fresh one: <code>/rapporteur web</code>.</p>`,
  });
}

// ---------------------------------------------------------------------------------------
// Process page

export function processPage(model: ProcessOverview, links: PageLinks): Html {
  const p = model.process;
  const body = html`
<section aria-labelledby="h-follow">
<h2 id="h-follow">Follow</h2>
<ul class="links">
<li><a href="${links.base}/meetings">Meetings</a>: ${plural(model.meetings.upcoming, 'upcoming meeting')}, ${model.meetings.total} in all.</li>
<li>Calendar: <a href="${links.webcal}">subscribe (webcal)</a> or <a href="${links.calendar}">download the .ics feed</a>. Moves and cancellations reach your calendar by themselves.</li>
</ul>
</section>
${
  model.documents.length === 0
    ? html`<p>No draft has been posted yet.</p>`
    : model.documents.map((d) => documentSection(d, links))
}`;
  return layout({ title: `${p.name} — Rapporteur`, heading: p.name, robots: false, body });
}

function documentSection(d: OverviewDocument, links: PageLinks): Html {
  const slug = d.document.slug;
  const id = `doc-${slug}`;
  return html`<section aria-labelledby="${id}">
<h2 id="${id}">${d.document.name}</h2>
${
  d.versions.length === 0
    ? html`<p>No version yet.</p>`
    : html`
<table>
<caption class="sr">Versions of ${d.document.name}</caption>
<thead><tr><th scope="col">#</th><th scope="col">Version</th><th scope="col">Dated</th><th scope="col">Brackets</th><th scope="col">Agreed words</th><th scope="col">State</th><th scope="col">Compare</th></tr></thead>
<tbody>
${[...d.versions].reverse().map((v, i, all) => {
  const prev = all.slice(i + 1).find((x) => !x.version.withdrawn);
  return html`<tr${v.version.withdrawn ? html` class="muted"` : ''}>
<td class="num">${v.version.sequence}</td>
<td><a href="${versionPath(links.base, slug, v.version.sequence)}">${v.version.label}</a>${v.version.withdrawn ? html` <em>(withdrawn)</em>` : ''}</td>
<td>${v.date.slice(0, 10)}</td>
<td class="num">${v.brackets}</td>
<td class="num">${v.agreedPercent}%</td>
<td>${stateBadge(v.state)}</td>
<td>${prev && !v.version.withdrawn ? html`<a href="${versionPath(links.base, slug, v.version.sequence)}?view=diff">changes since #${prev.version.sequence}</a>` : ''}</td>
</tr>`;
})}
</tbody>
</table>
${bracketMapFigure(d, links)}`
}
</section>`;
}

const CELL_W = 56;
const CELL_H = 24;
const LABEL_W = 210;
const HEAD_H = 34;

/** The bracket map: sections down, versions across, each cell coloured by state with its count. */
export function bracketMapFigure(d: OverviewDocument, links: PageLinks): Html {
  const map: BracketMap = d.map;
  if (map.rows.length === 0 || map.columns.length === 0) return html``;
  const width = LABEL_W + map.columns.length * CELL_W + 4;
  const height = HEAD_H + map.rows.length * CELL_H + 4;
  const captionId = `map-${d.document.slug}`;
  const versions = map.columns.map((i) => d.versions[i]?.version);
  return html`<figure class="map">
<figcaption id="${captionId}">Bracket map of ${d.document.name}: sections down, versions across; each cell gives the section's open brackets in that version.</figcaption>
${mapLegend()}
<svg class="map" role="group" aria-labelledby="${captionId}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">
${versions.map(
  (v, c) =>
    html`<text x="${LABEL_W + c * CELL_W + CELL_W / 2}" y="${HEAD_H - 10}" text-anchor="middle" aria-hidden="true">#${v?.sequence ?? ''}</text>`,
)}
${map.rows.map((row, r) => {
  const y = HEAD_H + r * CELL_H;
  return html`<text x="4" y="${y + CELL_H / 2 + 4}" aria-hidden="true">${cutLabel(row.label, 30)}</text>
${map.cells[r]?.map((cell, c) => {
  const v = versions[c];
  const key = cell.state ?? 'absent';
  const x = LABEL_W + c * CELL_W;
  const label = `${row.title}, version ${v?.sequence ?? ''}: ${STATE_WORDS[key]}${cell.state ? `, ${plural(cell.brackets, 'bracket')}` : ''}`;
  const inner = html`<rect x="${x + 1}" y="${y + 1}" width="${CELL_W - 2}" height="${CELL_H - 2}" rx="3"></rect>${cell.state ? html`<text x="${x + CELL_W / 2}" y="${y + CELL_H / 2 + 4}" text-anchor="middle" aria-hidden="true">${cell.brackets}</text>` : ''}<title>${label}</title>`;
  return cell.state && v
    ? html`<a class="cell c-${key}" data-section="${row.id}" data-version="${v.sequence}" data-state="${key}" href="${versionPath(links.base, d.document.slug, v.sequence, row.id)}">${inner}</a>`
    : html`<g class="cell c-${key}" data-section="${row.id}" data-state="${key}">${inner}</g>`;
})}`;
})}
</svg>
${map.omittedRows || map.omittedColumns ? html`<p class="muted">Not shown: ${map.omittedRows ? plural(map.omittedRows, 'section') : ''}${map.omittedRows && map.omittedColumns ? ' and ' : ''}${map.omittedColumns ? plural(map.omittedColumns, 'older version') : ''}.</p>` : ''}
</figure>`;
}

function mapLegend(): Html {
  const states: (ReportedState | 'absent')[] = [
    'clean',
    'provisionally-agreed',
    'partly-bracketed',
    'wholly-bracketed',
    'uncertain',
    'absent',
  ];
  return html`<ul class="legend" aria-label="Colours of the map">${states.map((s) => html`<li>${stateBadge(s === 'absent' ? null : s)}</li>`)}</ul>`;
}

function cutLabel(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

// ---------------------------------------------------------------------------------------
// Version page

export function versionPage(model: VersionView, links: PageLinks): Html {
  const { document: doc, version: v } = model;
  const here = versionPath(links.base, doc.slug, v.sequence);
  const modeLink = (mode: 'text' | 'diff' | 'clean', label: string) =>
    model.mode === mode
      ? html`<span class="current" aria-current="page">${label}</span>`
      : html`<a href="${here}${mode === 'text' ? '' : `?view=${mode}`}">${label}</a>`;
  const pageLink = (n: number) => `${here}?${model.mode === 'text' ? '' : `view=${model.mode}&`}page=${n}`;
  const s = model.status;
  const crumbs = html`<a href="${links.base}">${model.process.name}</a> › ${doc.name}`;
  const body = html`
<p>${v.withdrawn ? html`<strong>This version was withdrawn${v.withdrawn.reason ? `: ${v.withdrawn.reason}` : '.'}</strong> ` : ''}
${plural(s.brackets.total, 'open bracket')}, ${s.agreedPercent}% of words agreed, ${stateBadge(s.state)}. Dated ${(v.date ?? v.postedAt).slice(0, 10)}.
${model.diagnosticCount ? html`${plural(model.diagnosticCount, 'remark')} from the reader.` : ''}</p>
<nav class="modes" aria-label="View">
${modeLink('text', 'Brackets')}
${model.previous ? modeLink('diff', `Changes since #${model.previous.sequence}`) : ''}
${modeLink('clean', 'Clean text (bracketed text deleted)')}
</nav>
<nav class="versions" aria-label="Versions">Versions:
${model.versions.map((x) =>
  x.id === v.id
    ? html`<span class="current" aria-current="page">#${x.sequence}</span>`
    : html`<a href="${versionPath(links.base, doc.slug, x.sequence)}${model.mode === 'text' ? '' : `?view=${model.mode}`}">#${x.sequence}${x.withdrawn ? ' (withdrawn)' : ''}</a>`,
)}
</nav>
${model.mode === 'diff' && model.diff ? diffSummary(model) : ''}
${model.mode === 'text' ? textLegend() : ''}
${model.mode === 'clean' ? html`<p>The "Australian method": the text as it would read if everything still in brackets were deleted now.</p>` : ''}
<div class="layout">
<aside class="toc" aria-labelledby="h-contents">
<h2 id="h-contents">Contents</h2>
<ol>
${model.contents.map(
  (c) =>
    html`<li class="lvl${Math.min(4, c.level)}"><a href="${c.page === model.page ? '' : pageLink(c.page)}#sec-${c.id}">${c.label}</a> ${stateBadge(c.state)}${c.brackets ? html` <span class="muted">(${c.brackets})</span>` : ''}</li>`,
)}
</ol>
${
  model.holders.length
    ? html`<h2 id="h-holders">Holders on this page</h2>
<ul>${model.holders.map((h) => html`<li>${h.holder}: ${plural(h.brackets, 'bracket')}</li>`)}</ul>`
    : ''
}
</aside>
<div>
${pager(model, pageLink)}
<article class="draft" aria-label="${doc.name}, version ${v.sequence}${model.pages > 1 ? `, page ${model.page} of ${model.pages}` : ''}">
${model.paragraphs.map((p) => paragraph(p, model.mode))}
</article>
${pager(model, pageLink)}
</div>
</div>`;
  return layout({
    title: `${doc.name} #${v.sequence} — ${model.process.name}`,
    heading: `${doc.name}: #${v.sequence} ${v.label}`,
    crumbs,
    robots: false,
    body,
  });
}

function pager(model: VersionView, pageLink: (n: number) => string): Html {
  if (model.pages <= 1) return html``;
  const numbers = Array.from({ length: model.pages }, (_, i) => i + 1);
  return html`<nav class="pages" aria-label="Pages">Page:
${numbers.map((n) =>
  n === model.page
    ? html`<span class="current" aria-current="page">${n}</span>`
    : html`<a href="${pageLink(n)}">${n}</a>`,
)}</nav>`;
}

function textLegend(): Html {
  return html`<ul class="legend" aria-label="Marks in the text">
<li><span class="swatch b d1">[ ]</span> bracketed</li>
<li><span class="swatch b d2">[[ ]]</span> inside another bracket</li>
<li><span class="swatch b d3">3</span> third level</li>
<li><span class="who">US</span> holder</li>
<li><span class="alt">option 1/2</span> one of a choice</li>
<li><span class="note">note</span> editorial note (not counted)</li>
<li><span class="q">qualifier</span> qualifier</li>
</ul>`;
}

function diffSummary(model: VersionView): Html {
  const d = model.diff;
  if (!d) return html``;
  return html`<p>Since #${model.previous?.sequence}: <strong>${d.resolvedKept}</strong> agreed (text kept, <span class="chg-agreed">shaded green</span>),
<strong>${d.resolvedDeleted}</strong> deleted (<del>struck out</del>), <strong>${d.added}</strong> added (<span class="chg-added">outlined</span>),
<strong>${d.changed}</strong> changed (<span class="chg-changed">dashed outline</span>), ${d.unchanged} unchanged.</p>`;
}

const HEADINGS: Record<2 | 3 | 4 | 5 | 6, (attrs: Html | string, inner: Html) => Html> = {
  2: (a, c) => html`<h2${a}>${c}</h2>`,
  3: (a, c) => html`<h3${a}>${c}</h3>`,
  4: (a, c) => html`<h4${a}>${c}</h4>`,
  5: (a, c) => html`<h5${a}>${c}</h5>`,
  6: (a, c) => html`<h6${a}>${c}</h6>`,
};

function paragraph(p: ViewParagraph, mode: VersionView['mode']): Html {
  const content = p.segments.map(segment);
  const anchors = p.anchors.map((a) => `sec-${a}`);
  const [first, ...more] = anchors;
  const extra = more.map((id) => html`<span id="${id}"></span>`);
  const idAttr = first ? html` id="${first}"` : '';
  const who = p.holders.length ? html` <span class="who">${p.holders.join(', ')}</span>` : '';
  let block: Html;
  if (p.heading && p.level !== undefined) {
    const level = Math.min(6, Math.max(2, p.level + 1));
    block = html`${extra}${HEADINGS[level as 2 | 3 | 4 | 5 | 6](idAttr, html`${content}${who}`)}`;
  } else {
    block = html`${extra}<p${idAttr} class="${p.heading ? 'heading' : ''}${p.contested ? ' contested' : ''}" data-line="${p.line}">${p.contested ? html`<span class="sr">Contested paragraph: </span>` : ''}${content}${who}</p>`;
  }
  return html`${block}${
    mode === 'diff'
      ? p.deleted.map((t) => html`<p class="deleted"><span class="sr">Deleted: </span><del>${t}</del></p>`)
      : ''
  }${p.diagnostics.map(
    (d) =>
      html`<p class="diag ${d.severity}" role="note">Line ${d.line}: ${d.message} <span class="muted">(${d.code})</span></p>`,
  )}`;
}

function segment(s: TextSegment): Html {
  if (s.depth === 0 && s.kind === 'text' && !s.qualifier && !s.change) return html`${s.text}`;
  const classes: string[] = [];
  if (s.depth > 0) classes.push('b', `d${Math.min(4, s.depth)}`);
  if (s.kind === 'open' || s.kind === 'close') classes.push('tok');
  if (s.kind === 'note') classes.push('note');
  if (s.qualifier) classes.push('q');
  if (s.change) classes.push(`chg-${s.change}`);
  const data = s.bracket !== undefined ? html` data-bracket="${s.bracket}" data-depth="${s.depth}"` : '';
  const title =
    s.kind === 'note' ? html` title="Editorial note"` : s.qualifier ? html` title="Qualifier"` : '';
  const badges =
    s.kind === 'open'
      ? html`${s.alternative ? html`<span class="alt">option ${s.alternative.member}/${s.alternative.of}</span>` : ''}${
          s.holders?.length
            ? html`<span class="who"><span class="sr">held by </span>${s.holders.join(', ')}</span>`
            : ''
        }${s.notes?.length ? html`<span class="note">${s.notes.join('; ')}</span>` : ''}`
      : '';
  return html`<span class="${classes.join(' ')}"${data}${title}>${s.text}</span>${badges}`;
}

// ---------------------------------------------------------------------------------------
// Meetings page

export function meetingsPageHtml(model: MeetingsPage, links: PageLinks): Html {
  const crumbs = html`<a href="${links.base}">${model.process.name}</a> › Meetings`;
  const zones = model.process.settings.participantZones;
  const body = html`
<p>Subscribe: <a href="${links.webcal}">webcal</a> · <a href="${links.calendar}">.ics feed</a>.
${zones.length ? html`Local times for participants in ${zones.join(', ')}.` : ''}</p>
<section aria-labelledby="h-upcoming">
<h2 id="h-upcoming">Upcoming (${model.upcoming.length})</h2>
${model.upcoming.length ? model.upcoming.map(meeting) : html`<p>No meeting ahead.</p>`}
</section>
<section aria-labelledby="h-past">
<h2 id="h-past">Past (${model.past.length})</h2>
${model.past.length ? model.past.map(meeting) : html`<p>None yet.</p>`}
</section>`;
  return layout({
    title: `Meetings — ${model.process.name}`,
    heading: `Meetings of ${model.process.name}`,
    crumbs,
    robots: false,
    body,
  });
}

function meeting(view: MeetingView): Html {
  const m = view.meeting;
  const h = view.headline;
  const zone = m.timeZone ?? 'UTC';
  const id = `m-${m.id.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
  // "4 and 6 May 2027": whole days said apart, never one day nor a span that takes in 5 May.
  const apart = m.times ? undefined : daysApart(m);
  const when =
    apart ??
    (m.start
      ? `${formatInstant(new Date(m.start).toISOString(), zone, m.times ? 'full' : 'date')}${m.times ? ` (${m.times})` : ''}`
      : m.dates
        ? m.dates.start === m.dates.end
          ? m.dates.start
          : `${m.dates.start} to ${m.dates.end}`
        : 'date not known');
  return html`<article class="meeting ${m.status}" id="${id}" aria-labelledby="${id}-h">
<h3 id="${id}-h">${h.handle ? `${h.handle}: ` : ''}${m.title}</h3>
<p><strong>${m.status === 'scheduled' ? (m.conflicts.length ? 'Scheduled (sources disagree)' : 'Scheduled') : m.status === 'cancelled' ? 'Cancelled' : 'Postponed'}</strong> · ${when}${m.venue ? ` · ${formatVenue(m.venue)}` : ''}</p>
${view.context.flags.length ? html`<ul class="flags" aria-label="Flags">${view.context.flags.map((f) => html`<li>${f.message}</li>`)}</ul>` : ''}
${m.conflicts.map(
  (c) => html`<div class="conflict" role="group" aria-label="Sources disagree on the ${c.field}">
<p><strong>Sources disagree on the ${c.field}:</strong> ${describeConflict(c)}. Neither is taken as fact until a correction settles it.</p>
<div class="sides">${c.values.map(
    (v) =>
      html`<div class="side"><div class="value">${v.value}</div><ul>${v.sources.map(
        (s) => html`<li>${s.name}${s.date ? ` (${s.date.slice(0, 10)})` : ''}</li>`,
      )}</ul></div>`,
  )}</div>
</div>`,
)}
${m.settlements.length ? html`<ul aria-label="Settled">${m.settlements.map((s) => html`<li>Settled: ${s.field} ${s.value}, by ${s.settledBy.name}.</li>`)}</ul>` : ''}
${
  view.context.localTimes.length
    ? html`<table><caption class="sr">Local times</caption><thead><tr><th scope="col">Participants</th><th scope="col">Local time</th></tr></thead><tbody>${view.context.localTimes.map(
        (t) =>
          html`<tr><td>${t.label}</td><td${t.night ? html` class="night"` : ''}>${t.text}${t.night ? ' (night)' : ''}</td></tr>`,
      )}</tbody></table>`
    : ''
}
<p class="muted">Sources: ${m.sources.map((s) => s.name).join('; ')}. Revision ${m.revision}.</p>
</article>`;
}
