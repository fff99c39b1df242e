import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { edgesBetween, type ImportGraph, importCycles, importGraph } from './import-graph.js';

/**
 * The direction of the relative imports in src/. The core is the centre and imports nothing
 * outside itself; adapters (src/bots) reach the rest of the program only through the core's
 * ports and the narrow pieces the composition root hands them, never the composition root,
 * the command line, or the internals of the store and the job layer; and no files import each
 * other in a circle. Package imports are checked in core-boundary.test.ts.
 */
const SRC = join(import.meta.dirname, '../../src');

/**
 * Cycles allowed, each with the work that removes it (none today). An entry that no longer
 * occurs fails the test too, so that the list only ever shrinks.
 */
const KNOWN_CYCLES: string[] = [];

/**
 * Adapter imports allowed to break the rule, each with the work that removes it (none today:
 * adapters depend on the BotHost port). Like KNOWN_CYCLES, an entry that no longer occurs
 * fails the test.
 */
const KNOWN_BOT_VIOLATIONS: string[] = [];

/** What an adapter may not import: the composition root, the CLI, store and job internals. */
function forbiddenForBots(to: string): boolean {
  if (to === 'runtime.ts' || to === 'main.ts' || to === 'cli.ts' || to.startsWith('cli/')) return true;
  return (to.startsWith('store/') || to.startsWith('jobs/')) && !/^(store|jobs)\/index\.ts$/.test(to);
}

/** Fails with the list of what is new, and of what was fixed but is still listed. */
function expectOnly(found: string[], known: string[]): void {
  expect({
    new: found.filter((e) => !known.includes(e)),
    fixed: known.filter((e) => !found.includes(e)),
  }).toEqual({ new: [], fixed: [] });
}

describe('import directions in src/', () => {
  const graph = importGraph(SRC);

  it('reads the whole tree', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('runtime.ts')).toContain('core/ports/index.ts');
  });

  it('core imports nothing outside core', () => {
    expect(
      edgesBetween(
        graph,
        (f) => f.startsWith('core/'),
        (to) => !to.startsWith('core/'),
      ),
    ).toEqual([]);
  });

  it('adapters never import the composition root, the CLI, or store and job internals', () => {
    expectOnly(
      edgesBetween(graph, (f) => f.startsWith('bots/'), forbiddenForBots),
      KNOWN_BOT_VIOLATIONS,
    );
  });

  it('no files import each other in a circle', () => {
    expectOnly(importCycles(graph), KNOWN_CYCLES);
  });
});

describe('the import checker itself', () => {
  it('reads every kind of import and resolves folders to their index', () => {
    const graph = importGraph(join(SRC, 'core/ports'));
    expect(graph.get('index.ts')).toEqual(expect.arrayContaining(['clock.ts', 'store.ts']));
  });

  it('finds circles of any length, self-imports included, and nothing in a tree without one', () => {
    const g: ImportGraph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
      ['f.ts', ['d.ts']],
    ]);
    expect(importCycles(g)).toEqual(['a.ts <-> b.ts <-> c.ts', 'e.ts']);
    expect(
      importCycles(
        new Map([
          ['x.ts', ['y.ts']],
          ['y.ts', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('names the edges that break a rule', () => {
    const g: ImportGraph = new Map([
      ['core/a.ts', ['core/b.ts', 'jobs/q.ts']],
      ['bots/x/bot.ts', ['runtime.ts', 'jobs/index.ts', 'store/tenant/people.ts']],
    ]);
    expect(
      edgesBetween(
        g,
        (f) => f.startsWith('core/'),
        (to) => !to.startsWith('core/'),
      ),
    ).toEqual(['core/a.ts -> jobs/q.ts']);
    expect(edgesBetween(g, (f) => f.startsWith('bots/'), forbiddenForBots)).toEqual([
      'bots/x/bot.ts -> runtime.ts',
      'bots/x/bot.ts -> store/tenant/people.ts',
    ]);
  });
});
