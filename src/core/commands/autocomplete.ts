import type { AppDeps } from '../app/context.js';
import { resolveProcess, type Scope } from '../app/context.js';
import { loadStatus, selectDocument, selectVersion } from '../app/drafts.js';
import { listMeetingViews } from '../app/schedule.js';
import type { AutocompleteSource } from './args.js';

/** One suggestion: what people see and what is filled in. */
export interface Choice {
  name: string;
  value: string;
}

/** Platforms show at most 25 suggestions. */
const MAX = 25;

let zones: string[] | undefined;

/**
 * Suggestions for an argument as the user types: documents, versions, sections,
 * meetings, time zones and watches of the channel's process. Never throws: a channel that
 * follows nothing gets no suggestions.
 */
export async function autocomplete(
  deps: AppDeps,
  scope: Scope,
  source: AutocompleteSource,
  partial: string,
  args: Record<string, unknown> = {},
): Promise<Choice[]> {
  const q = partial.trim().toLowerCase();
  const match = (...texts: string[]) => q === '' || texts.some((t) => t.toLowerCase().includes(q));
  try {
    if (source === 'timezone') {
      zones ??= Intl.supportedValuesOf('timeZone');
      return zones
        .filter((z) => match(z, z.replace(/_/g, ' ')))
        .slice(0, MAX)
        .map((z) => ({ name: z, value: z }));
    }
    const processName = typeof args.process === 'string' ? args.process : undefined;
    const { store, process } = await resolveProcess(deps, scope, processName);
    const documentName = typeof args.document === 'string' && args.document ? args.document : undefined;
    switch (source) {
      case 'document':
        return (await store.listDocuments(process.id))
          .filter((d) => match(d.name, d.slug))
          .slice(0, MAX)
          .map((d) => ({ name: d.name, value: d.name }));
      case 'version': {
        const document = await selectDocument(store, process, documentName);
        const versions = (await store.listVersions(document.id)).reverse();
        return versions
          .filter((v) => match(String(v.sequence), v.label))
          .slice(0, MAX)
          .map((v) => ({
            name: clip(`#${v.sequence} ${v.label} (${v.postedAt.slice(0, 10)})`),
            value: String(v.sequence),
          }));
      }
      case 'section': {
        const document = await selectDocument(store, process, documentName);
        const version = await selectVersion(
          store,
          document,
          typeof args.version === 'string' ? args.version : undefined,
        );
        const status = await loadStatus(deps, store, version);
        return (
          status.sections
            .filter((s) => s.kind !== 'front' && s.kind !== 'footnotes' && match(s.label, s.id, s.title))
            .slice(0, MAX)
            // Shown by its label ("Article 4. Adaptation"); the id is only the value sent back.
            .map((s) => ({ name: clip(s.label), value: s.id }))
        );
      }
      case 'meeting': {
        const { meetings } = await listMeetingViews(deps, scope, { process: process.name });
        return meetings
          .filter((v) => match(v.headline.handle ?? '', v.meeting.title, v.meeting.id))
          .slice(0, MAX)
          .map((v) => ({
            name: clip(
              `${v.headline.handle ? `${v.headline.handle} ` : ''}${v.meeting.title}${v.meeting.dates ? ` (${v.meeting.dates.start})` : ''}`,
            ),
            value: clip(v.headline.handle ?? v.meeting.id),
          }));
      }
      case 'watch':
        return (await store.listWatches(process.id))
          .map((w, i) => ({ name: clip(`#${i + 1} ${w.url}`), value: String(i + 1) }))
          .filter((c) => match(c.name))
          .slice(0, MAX);
    }
  } catch {
    return [];
  }
}

/** Platforms cap names and values at 100 characters. */
function clip(s: string): string {
  return s.length > 100 ? `${s.slice(0, 99)}…` : s;
}
