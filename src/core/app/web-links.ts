import type { Reply } from '../reply.js';
import { type AppDeps, resolveProcess, type Scope } from './context.js';
import { selectVersionFor } from './drafts/versions.js';
import { findStatusSection, loadStatus } from './drafts.js';
import { webLinksFor } from './web-access.js';

/**
 * The web page that holds the whole answer to a command, for the link adapters put at the end
 * of a reply they had to cut: the version page (at the section asked about, or its changes)
 * for draft questions, the meetings page for meeting questions. Undefined when the web pages
 * are off, the command has no page, or what it names cannot be found (the reply says why).
 */
export async function replyLink(
  deps: AppDeps,
  scope: Scope,
  command: { group: string; name: string },
  args: Record<string, unknown>,
): Promise<Reply['link']> {
  if (!deps.web) return undefined;
  const text = (key: string) => (typeof args[key] === 'string' ? (args[key] as string) : undefined);
  try {
    if (command.group === 'brackets' || command.group === 'draft') {
      if (command.name === 'withdraw') return undefined;
      const diff = command.name === 'diff';
      const selected = await selectVersionFor(deps, scope, {
        process: text('process'),
        document: text('document'),
        version: diff ? text('to') : text('version'),
      });
      const { tenant, process, store } = selected.resolved;
      const links = webLinksFor(deps, tenant, process);
      if (!links) return undefined;
      let section: string | undefined;
      const asked = text('section');
      if (asked) section = findStatusSection(await loadStatus(deps, store, selected.version), asked).id;
      const url = diff
        ? `${links.version(selected.document.slug, selected.version.sequence)}?view=diff`
        : links.version(selected.document.slug, selected.version.sequence, section);
      return { url, label: 'The whole answer on the web' };
    }
    if (command.group === 'meetings') {
      const { tenant, process } = await resolveProcess(deps, scope, text('process'));
      const links = webLinksFor(deps, tenant, process);
      return links ? { url: links.meetings, label: 'All meetings on the web' } : undefined;
    }
  } catch {
    // Whatever the command could not find, its own reply explains; no link then.
  }
  return undefined;
}
