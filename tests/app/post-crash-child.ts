import { readFileSync } from 'node:fs';
import { postDraftVersion } from '../../src/core/app/drafts.js';
import { silentLogger } from '../../src/core/ports/index.js';
import { openPostgresStore, openSqliteStore } from '../../src/store/index.js';
import { caucus, inProcessExtractor, recordingQueue, staffer, TestClock } from '../helpers/app.js';

/**
 * A "bot process" that posts one draft version and is killed (SIGKILL, no clean-up of any
 * kind) right after the step named on its command line: what a crash or an OOM kill does.
 * Arguments: sqlite:<file> | postgres:<url>, the step, the draft file.
 */
const [target = '', step = '', file = ''] = process.argv.slice(2);
const clock = new TestClock(new Date('2015-12-05T10:00:00Z'));
const store = target.startsWith('sqlite:')
  ? await openSqliteStore({ file: target.slice('sqlite:'.length), clock })
  : await openPostgresStore({ url: target.slice('postgres:'.length), clock });
const deps = { store, queue: recordingQueue(), extractor: inProcessExtractor(), clock, logger: silentLogger };
await postDraftVersion(
  deps,
  caucus,
  staffer,
  { document: 'Vision', label: 'second', file: { name: 'second.md', bytes: readFileSync(file) } },
  {
    afterStep(s) {
      if (s === step) process.kill(process.pid, 'SIGKILL');
    },
  },
);
process.stdout.write('finished without being killed\n');
await store.close();
