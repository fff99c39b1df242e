import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postDraftVersion } from '../../src/core/app/drafts.js';
import { followProcess } from '../../src/core/app/setup.js';
import { webLinksFor } from '../../src/core/app/web-access.js';
import type { ProcessRecord } from '../../src/core/store.js';
import { admin, caucus } from '../helpers/app.js';
import { corpusAvailable, corpusPath } from '../helpers/corpus.js';
import { axe, type Browser, chromiumAvailable, launchBrowser, serious } from './browser.js';
import { createWebWorld, local, type WebWorld } from './world.js';

/**
 * What a reader sees, in a real browser: the bracket map's cells, the brackets highlighted at
 * the right places and depths, the meetings page's conflict side by side, and no serious
 * accessibility violation (axe-core). Screenshots go to a scratch folder; with
 * RAPPORTEUR_WRITE_SCREENSHOTS=1 they go to docs/ for the README.
 */
const SHOTS =
  process.env.RAPPORTEUR_WRITE_SCREENSHOTS === '1'
    ? join(import.meta.dirname, '../../docs')
    : join(import.meta.dirname, '../../node_modules/.cache/rapporteur-web-shots');

/** The browser's own function, typed here without the DOM library. */
type Styled = { getComputedStyle(el: unknown): { fill: string; backgroundColor: string } };

describe.skipIf(!chromiumAvailable)('the web pages in Chromium', () => {
  let w: WebWorld;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [w, browser] = await Promise.all([createWebWorld(), launchBrowser()]);
    page = await browser.page();
    // Nothing leaves the machine: only the test server answers.
    await page.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => route.abort());
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  const open = async (url: string) => {
    const res = await page.goto(local(w.server, url), { waitUntil: 'load' });
    expect(res?.status()).toBe(200);
  };

  it('process page: the bracket map has a coloured cell per section and version, linked to the section', async () => {
    await open(w.links().process);
    await expect(page.locator('h1').textContent()).resolves.toBe('WSIS+10 Vision');
    const cells = page.locator('svg.map .cell');
    const count = await cells.count();
    const versions = await page.locator('svg.map a.cell[data-version="2"]').count();
    expect(versions).toBeGreaterThanOrEqual(5);
    expect(count).toBeGreaterThanOrEqual(2 * versions - 2);
    // The cybersecurity action line is still bracketed in the 1 June version.
    const c5 = page.locator('svg.map a.cell[data-section="C5"][data-version="2"]');
    await expect(c5.getAttribute('data-state')).resolves.toMatch(/bracketed/);
    const fill = await c5
      .locator('rect')
      .evaluate((el) => (globalThis as unknown as Styled).getComputedStyle(el).fill);
    expect(fill).not.toBe('rgb(255, 255, 255)');
    const agreed = page.locator('svg.map a.cell[data-state="clean"]').first();
    const agreedFill = await agreed
      .locator('rect')
      .evaluate((el) => (globalThis as unknown as Styled).getComputedStyle(el).fill);
    expect(agreedFill).not.toBe(fill);
    await expect(page.locator('table').first().textContent()).resolves.toContain('1 June version');
    await page.screenshot({ path: join(SHOTS, 'web-process.png'), fullPage: true });
    expect(serious(await axe(page))).toEqual([]);
    // A cell leads to its section.
    await c5.click();
    await page.waitForURL(/\/d\/vision\/v\/2\?section=C5#sec-C5$/);
    await expect(page.locator('#sec-C5').isVisible()).resolves.toBe(true);
  });

  it('version page: brackets highlighted by depth, holders and notes marked, the diff and the clean text', async () => {
    await open(w.links().version('vision', 2));
    const depth1 = page.locator('article.draft .b.d1').first();
    const depth2 = page.locator('article.draft .b.d2').first();
    await expect(depth1.count()).resolves.toBe(1);
    await expect(depth2.count()).resolves.toBe(1);
    const bg1 = await depth1.evaluate(
      (el) => (globalThis as unknown as Styled).getComputedStyle(el).backgroundColor,
    );
    const bg2 = await depth2.evaluate(
      (el) => (globalThis as unknown as Styled).getComputedStyle(el).backgroundColor,
    );
    expect(bg1).not.toBe('rgba(0, 0, 0, 0)');
    expect(bg2).not.toBe(bg1);
    // The nested bracket sits inside the outer one's paragraph, after its opening.
    const nested = await depth2.evaluate((el) => {
      const p = el.closest('p');
      const outer = p?.querySelector('.d1.tok');
      return Boolean(outer && outer.compareDocumentPosition(el) & 4);
    });
    expect(nested).toBe(true);
    // Agreed text is not highlighted.
    const plain = await page
      .locator('article.draft p')
      .filter({ hasNotText: '[' })
      .first()
      .evaluate((el) => el.querySelectorAll('.b').length);
    expect(plain).toBe(0);
    await expect(page.locator('article.draft .who').first().textContent()).resolves.toMatch(/\S/);
    await expect(page.locator('article.draft .note').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('article.draft .alt').count()).resolves.toBeGreaterThan(0);
    await page
      .locator('#sec-C5')
      .evaluate((el) => (el as unknown as { scrollIntoView(): void }).scrollIntoView());
    await page.screenshot({ path: join(SHOTS, 'web-version.png'), fullPage: false });
    expect(serious(await axe(page))).toEqual([]);

    await page.getByRole('link', { name: /Changes since #1/ }).click();
    await page.waitForURL(/view=diff/);
    const changes = await page.locator('.chg-added, .chg-changed, .chg-agreed, p.deleted').count();
    expect(changes).toBeGreaterThan(0);
    await page
      .locator('#sec-C5')
      .evaluate((el) => (el as unknown as { scrollIntoView(): void }).scrollIntoView());
    await page.screenshot({ path: join(SHOTS, 'web-diff.png'), fullPage: false });
    expect(serious(await axe(page))).toEqual([]);

    await page.getByRole('link', { name: /Clean text/ }).click();
    await page.waitForURL(/view=clean/);
    const text = (await page.locator('article.draft').textContent()) ?? '';
    expect(text).not.toMatch(/\[/);
    expect(await page.locator('article.draft .b').count()).toBe(0);
  });

  it('meetings page: the disagreement side by side, flags, and each region’s local time', async () => {
    await open(w.links().meetings);
    const conflict = page.locator('.conflict').first();
    await expect(conflict.isVisible()).resolves.toBe(true);
    const sides = conflict.locator('.side');
    await expect(sides.count()).resolves.toBe(2);
    const values = await sides.locator('.value').allTextContents();
    expect(values.join(' ')).toContain('14:00-16:00');
    expect(values.join(' ')).toContain('14:00-18:00');
    const table = (await page.locator('.meeting table').first().textContent()) ?? '';
    expect(table).toMatch(/Suva|Fiji/);
    expect(table).toContain('Lima');
    await expect(page.locator('.flags li').count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'web-meetings.png'), fullPage: false });
    expect(serious(await axe(page))).toEqual([]);
  });

  it.skipIf(!corpusAvailable)(
    'a Paris Agreement draft: its brackets highlighted, its map drawn, its pages bounded',
    async () => {
      const store = w.app.store.tenant(w.tenant.id);
      await followProcess(w.deps, { ...caucus, channelId: 'paris-channel' }, admin, {
        name: 'Paris Agreement',
      });
      const dir = ['negotiation', 'unfccc_paris_2015_okfn_cop21', 'markdown'];
      for (const [name, label] of [
        ['agreement_23-oct-2015.md', '23 October'],
        ['agreement_4-dec-2015.md', '4 December'],
      ] as const) {
        await postDraftVersion(w.deps, { ...caucus, channelId: 'paris-channel' }, admin, {
          document: 'Agreement',
          label,
          file: { name, bytes: new Uint8Array(readFileSync(corpusPath(...dir, name))) },
        });
      }
      const paris = (await store.findProcess('Paris Agreement')) as ProcessRecord;
      const links = webLinksFor(w.deps, w.tenant, paris);
      if (!links) throw new Error('no links');
      await open(links.process);
      expect(await page.locator('svg.map a.cell').count()).toBeGreaterThan(10);
      expect(
        await page
          .locator(
            'svg.map a.cell[data-state="wholly-bracketed"], svg.map a.cell[data-state="partly-bracketed"]',
          )
          .count(),
      ).toBeGreaterThan(0);
      await open(links.version('agreement', 2));
      const brackets = await page.locator('article.draft .b.tok').count();
      expect(brackets).toBeGreaterThan(20);
      // Every opening token in the page is highlighted, and the text between tokens too.
      const open1 = await page.locator('article.draft .tok').first().textContent();
      expect(open1).toMatch(/\[/);
      const html = await page.content();
      expect(html.length).toBeLessThan(3_000_000);
      await page.screenshot({ path: join(SHOTS, 'web-paris.png'), fullPage: false });
      expect(serious(await axe(page))).toEqual([]);
    },
  );
});
