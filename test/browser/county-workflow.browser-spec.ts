import type { BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser, screenshot, signIn, signOut, type Browser } from './support/browser.js';
import { DEMO_PASSWORD, startDemoStack, type DemoStack } from './support/stack.js';
import { waitFor } from '../support/wait.js';

/**
 * The web app in a real browser (Debian's Chromium driven by playwright-core) against the real
 * app process with the demo county: what a county supervisor and a township clerk do every day.
 * Writes a screenshot of each main page to docs/screenshots/.
 */
/** A calendar day some days ahead (YYYY-MM-DD), as a date picker takes it. */
function futureDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The current quarter in the business zone (2026-Q4). */
function currentQuarter(): string {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number) as [number, number];
  return `${y}-Q${Math.ceil(m / 3)}`;
}

describe('web app in Chromium (demo county)', () => {
  let stack: DemoStack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    stack = await startDemoStack();
    browser = await launchBrowser();
    page = browser.page;
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  }, 60_000);

  /**
   * Lists read projections, which on a busy machine may be a moment behind a command: reload the
   * page, as a person would, until `target` shows (at most a minute).
   */
  async function reloadUntil(target: Locator, loaded: string): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (!(await target.count())) {
      if (Date.now() > deadline) throw new Error(`never showed ${target} on ${page.url()}: ${(await page.locator('body').innerText()).slice(0, 2000)}`);
      await page.reload({ waitUntil: 'domcontentloaded', timeout: 60_000 });
      await page.locator(loaded).waitFor({ timeout: 60_000 }).catch(async (error: Error) => {
        throw new Error(`${error.message}\non ${page.url()}: ${(await page.locator('body').innerText()).slice(0, 2000)}`);
      });
      await page.waitForLoadState('networkidle');
    }
  }

  /**
   * The board reads a projection: on a busy machine it may be a moment behind the command (the
   * API waits at most READ_WAIT_MS for it). Press 刷新, as a person would, until the counts show it.
   */
  async function boardShows(selector: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!(await page.locator(selector).count())) {
      if (Date.now() > deadline) throw new Error(`the board never showed ${selector}: ${await page.locator('[data-test=board-counts]').evaluate((e) => e.outerHTML)}`);
      await page.locator('[data-test=board-refresh]').click();
      await page.locator('[data-test=board-refresh]:not(.is-loading)').waitFor();
    }
  }

  /**
   * Time from navigation start until the page is rendered and clickable, in ms: `ready` runs in the
   * page on every animation frame and answers performance.now() (ms since navigation start) once it holds.
   */
  async function timeToInteractive(context: BrowserContext, path: string, ready: () => number): Promise<number> {
    const fresh = context.pages()[0] ?? (await context.newPage());
    await fresh.goto(`${stack.base}${path}`);
    const handle = await fresh.waitForFunction(ready, undefined, { polling: 'raf', timeout: 30_000 });
    const interactive = Math.round(Number(await handle.jsonValue()));
    // Where the time went: the HTML and scripts (DOMContentLoaded), and the API answers the page waited for.
    const parts = await fresh.evaluate(() => {
      const perf = (globalThis as any).performance;
      const nav = perf.getEntriesByType('navigation')[0];
      const api = perf.getEntriesByType('resource').filter((r: { name: string }) => r.name.includes('/api/v1/'));
      const scripts = perf.getEntriesByType('resource').filter((r: { name: string }) => /\.(js|css)$/.test(r.name));
      return {
        domContentLoaded: Math.round(nav.domContentLoadedEventEnd),
        assets: `${scripts.length} files, ${Math.round(scripts.reduce((sum: number, r: { encodedBodySize: number }) => sum + r.encodedBodySize, 0) / 1024)} KiB`,
        api: api.map((r: { name: string; startTime: number; responseEnd: number }) => `${new URL(r.name).pathname.replace('/api/v1/', '')} ${Math.round(r.startTime)}→${Math.round(r.responseEnd)} ms`).join(', '),
      };
    });
    console.log(`${path}: interactive at ${interactive} ms; DOMContentLoaded ${parts.domContentLoaded} ms; ${parts.assets}; API ${parts.api || 'none'}`);
    return interactive;
  }

  it('the first page is interactive quickly on the demo county (cold cache), and served with a strict CSP', async () => {
    const cold = await browser.freshContext();
    const login = await timeToInteractive(cold, '/', () => {
      const doc = (globalThis as any).document; // runs in the page
      const button = doc.querySelector('[data-test=login-submit]');
      return button && !button.disabled && doc.querySelector('input[name=username]') ? performance.now() : 0;
    });
    // The supervisor's first page, signed in (token stored), on another cold profile.
    const token = await stack.token('county-supervisor');
    const signedIn = await browser.freshContext();
    await signedIn.addInitScript((t) => (globalThis as any).localStorage.setItem('dj.session', t), token);
    const board = await timeToInteractive(signedIn, '/board', () => {
      const doc = (globalThis as any).document; // runs in the page
      const refresh = doc.querySelector('[data-test=board-refresh]');
      return doc.querySelector('[data-test=board-table] .el-table__row') && refresh && !refresh.disabled && !refresh.classList.contains('is-loading') ? performance.now() : 0;
    });
    console.log(`time to interactive (cold cache): sign-in page ${login} ms, supervisor's board with the demo county ${board} ms`);
    expect(login).toBeGreaterThan(0);
    expect(board).toBeGreaterThan(0);

    const html = await fetch(`${stack.base}/notices/some-id`, { headers: { accept: 'text/html' } });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
    // The client-side fallback never shadows the API: an unknown API path keeps its problem+json 404.
    const missing = await fetch(`${stack.base}/api/v1/no-such-thing`, { headers: { accept: 'text/html' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');

    // Keyboard only: the sign-in form is reached, filled and sent without a mouse.
    const keyboard = cold.pages()[0]!;
    await keyboard.locator('input[name=username]').focus();
    await keyboard.keyboard.type('county-viewer');
    await keyboard.keyboard.press('Tab');
    await keyboard.keyboard.type(DEMO_PASSWORD);
    await keyboard.keyboard.press('Enter');
    await keyboard.locator('[data-test=board]').waitFor();
  }, 120_000);

  it('supervisor issues a notice; the clerk finds it in its inbox, acknowledges and rectifies it; the supervisor verifies it and the board changes', async () => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await signIn(page, stack.base, 'county-supervisor', DEMO_PASSWORD);
    const closedOnTimeBefore = await liujiClosedOnTime();
    await page.goto(`${stack.base}/board`);
    await page.locator('[data-test=board-table] .el-table__row').first().waitFor();
    const counts = page.locator('[data-test=board-counts]');
    const greenBefore = Number(await counts.getAttribute('data-green'));
    await screenshot(page, 'board');

    // Issue a notice. A first try without a title: the API's field error shows beside the field, nothing typed is lost.
    await page.locator('.app-nav').getByText('下发通知').click();
    await page.locator('[data-test=issue-target]').click();
    await page.getByRole('option', { name: '刘集镇党委' }).click();
    await page.locator('textarea[name="items.0.problem"]').fill('党员活动日签到记录缺失');
    await page.locator('textarea[name="items.0.requiredAction"]').fill('补齐签到记录并报送照片');
    await page.locator('[data-test=issue-submit]').click();
    await page.locator('.el-form-item__error', { hasText: '不能为空' }).first().waitFor();
    expect(await page.locator('textarea[name="items.0.problem"]').inputValue()).toBe('党员活动日签到记录缺失');
    await page.locator('input[name=title]').fill('关于党员活动日落实情况限期整改的通知');
    await page.locator('input[name=basis]').fill('县委组织部十二月专项督查');
    await screenshot(page, 'issue-notice');
    await page.locator('[data-test=issue-submit]').click();
    await page.waitForURL(/\/notices\/[0-9a-f-]{36}$/);
    const noticePath = new URL(page.url()).pathname;
    await page.locator('[data-test=notice-status][data-status=issued]').waitFor();

    await page.locator('.app-nav').getByText('督办看板').click();
    await boardShows(`[data-test=board-counts][data-green="${greenBefore + 1}"]`);
    await page.getByRole('link', { name: '关于党员活动日落实情况限期整改的通知' }).waitFor();
    await signOut(page);

    // The township clerk starts at its inbox and finds the notice there.
    await signIn(page, stack.base, 'liuji-clerk', DEMO_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/inbox');
    const inboxLink = page.locator('[data-test=inbox-notices]').getByRole('link', { name: '关于党员活动日落实情况限期整改的通知' });
    await reloadUntil(inboxLink, '[data-test=inbox][data-loaded=true]');
    await screenshot(page, 'inbox');
    // A township clerk on a phone: the same page in a phone's viewport.
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'inbox-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
    await inboxLink.click();
    await page.locator('[data-test=acknowledge]').click();
    await page.locator('[data-test=notice-status][data-status=in_progress]').waitFor();
    // An extension request sent empty: the API's field errors show in the dialog, which stays open.
    await page.locator('[data-test=request-extension]').click();
    await page.locator('.el-dialog [data-test=dialog-confirm]').click();
    await page.locator('.el-dialog .el-form-item__error').first().waitFor();
    await page.locator('.el-dialog input[name=requestedDueAt]').fill(futureDay(60));
    await page.locator('.el-dialog input[name=requestedDueAt]').press('Enter');
    await page.locator('.el-dialog textarea[name=reason]').fill('村级活动场所改造施工中，需延期');
    await page.locator('.el-dialog [data-test=dialog-confirm]').click();
    await page.locator('[data-test=extensions]').getByText('待审批').waitFor();
    await page.locator('[data-test=item-1] [data-test=rectify]').click();
    await page.locator('.el-dialog textarea[name=evidence]').fill('签到记录已补齐，照片 12 张已上传');
    await page.locator('.el-dialog [data-test=dialog-confirm]').click();
    await page.locator('[data-test=item-1][data-status=reported]').waitFor();
    await screenshot(page, 'notice-clerk');
    await signOut(page);

    // The supervisor verifies it: the notice closes and leaves the board of open deadlines.
    await signIn(page, stack.base, 'county-supervisor', DEMO_PASSWORD);
    await page.goto(`${stack.base}${noticePath}`);
    await page.locator('[data-test=extensions] [data-test=deny]').click();
    await page.locator('.el-dialog textarea[name=reason]').fill('整改任务量不大，应按期完成');
    await page.locator('.el-dialog [data-test=dialog-confirm]').click();
    await page.locator('[data-test=extensions]').getByText('整改任务量不大，应按期完成').waitFor();
    await page.locator('[data-test=item-1] [data-test=verify]').click();
    await page.locator('.el-dialog textarea[name=comment]').fill('佐证齐全，同意销号');
    await page.locator('.el-dialog [data-test=dialog-confirm]').click();
    await page.locator('[data-test=notice-status][data-status=closed]').waitFor();
    await page.getByText('佐证齐全，同意销号').first().waitFor();
    await screenshot(page, 'notice');
    await page.locator('.app-nav').getByText('督办看板').click();
    await boardShows(`[data-test=board-counts][data-green="${greenBefore}"]`);
    expect(await page.getByRole('link', { name: '关于党员活动日落实情况限期整改的通知' }).count()).toBe(0);
    // The chart of on-time closures by township counts it for 刘集镇.
    let after = await liujiClosedOnTime();
    for (let tries = 0; after === closedOnTimeBefore && tries < 20; tries++) after = await liujiClosedOnTime();
    expect(after).toBe(closedOnTimeBefore + 1);
    await screenshot(page, 'charts');
    expect(violations).toEqual([]);
  }, 240_000);

  /** The charts page's on-time closures of 刘集镇 this year, as the chart draws them (its data-summary). */
  async function liujiClosedOnTime(): Promise<number> {
    await page.goto(`${stack.base}/charts`);
    const chart = page.locator('[data-test=chart-on-time][data-summary*="twp-liuji:"]');
    await chart.waitFor();
    await page.locator('[data-test=chart-on-time] canvas').first().waitFor();
    const summary = (await chart.getAttribute('data-summary'))!;
    return Number(/twp-liuji:(\d+)/.exec(summary)![1]);
  }

  it('a clerk submits the prefilled quarterly report; the supervisor returns it with a reason', async () => {
    const quarter = currentQuarter();
    // The scheduled job opens the period at its start; here the same command, as the admin.
    expect((await stack.api('admin', 'POST', `reporting-periods/${quarter}/open`)).status).toBe(200);

    await signIn(page, stack.base, 'liuji-clerk', DEMO_PASSWORD);
    await page.locator('.app-nav').getByText('报告').click();
    await page.locator('[data-test=my-report]').click();
    await page.waitForURL(new RegExp(`/reports/twp-liuji/${quarter}$`));
    // 一表通: the figures the system knows are filled in and marked so.
    await page.locator('[data-test=prefilled-noticesIssued]').waitFor();
    expect(Number(await page.locator('input[name="figures.noticesIssued"]').inputValue())).toBeGreaterThan(0);
    await page.locator('input[name="figures.meetingsHeld"]').fill('12');
    await page.locator('input[name="figures.membersDeveloped"]').fill('2');
    await page.locator('textarea[name="sections.organisationBuilding"]').fill('本季度召开党委会 3 次，完成 2 个软弱涣散村整顿。');
    await screenshot(page, 'report-form');
    await page.locator('[data-test=submit-report]').click();
    await page.locator('[data-test=report-status][data-status=submitted]').waitFor();
    await signOut(page);

    await signIn(page, stack.base, 'county-supervisor', DEMO_PASSWORD);
    await page.goto(`${stack.base}/reports`);
    const cell = page.locator(`[data-test="cell-twp-liuji-${quarter}"][data-status=submitted]`);
    await reloadUntil(cell, '[data-test=reports][data-loaded=true]');
    await screenshot(page, 'reports');
    await cell.click();
    await page.locator('[data-test=report-figures]').getByText('12').waitFor();
    await page.locator('[data-test=return-report]').click();
    await page.locator('.el-dialog textarea[name=reasons]').fill('三会一课次数与会议记录不符，请核实');
    await page.locator('.el-dialog [data-test=dialog-confirm]').click();
    await page.locator('[data-test=report-status][data-status=returned]').waitFor();
    await page.locator('[data-test=return-reason]', { hasText: '三会一课次数与会议记录不符' }).waitFor();
    await page.goto(`${stack.base}/reports`);
    await reloadUntil(page.locator(`[data-test="cell-twp-liuji-${quarter}"][data-status=returned]`), '[data-test=reports][data-loaded=true]');
    await signOut(page);
  }, 180_000);

  it('a responsibility letter is signed by both sides and fulfilled by the clerk; conversations of the children are listed', async () => {
    const year = String(new Date().getUTCFullYear());
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const drafted = await stack.api('county-supervisor', 'POST', 'pledges', {
      kind: 'responsibility', targetOrgId: 'twp-liuji', title: `${year}年度基层党建工作责任书`, term: year,
      items: [{ content: '年底前完成全部村级党组织标准化建设', weight: 100, dueAt: due }],
    });
    expect(drafted.status).toBe(201);
    const pledgePath = `/pledges/${drafted.body.id}`;

    await signIn(page, stack.base, 'county-supervisor', DEMO_PASSWORD);
    await page.goto(`${stack.base}/pledges`);
    const letter = page.locator('[data-test=pledge-table]').getByRole('link', { name: `${year}年度基层党建工作责任书` });
    await reloadUntil(letter, '[data-test=pledges]');
    await letter.click();
    await page.locator('[data-test=sign-pledge]').click();
    await page.locator('[data-test=pledge]').getByText('上级：county-supervisor').waitFor();

    // The conversation last year's published ranking proposed (demo county) is on the conversations page.
    await page.goto(`${stack.base}/conversations`);
    const conversation = page.locator('[data-test=conversation-table] .el-table__row a').first();
    await conversation.waitFor();
    await screenshot(page, 'conversations');
    await conversation.click();
    await page.locator('[data-test=conversation-status]').waitFor();
    await signOut(page);

    await signIn(page, stack.base, 'liuji-clerk', DEMO_PASSWORD);
    await page.goto(`${stack.base}${pledgePath}`);
    await page.locator('[data-test=sign-pledge]').click();
    await page.locator('[data-test=pledge-status][data-status=active]').waitFor();
    await page.locator('[data-test=pledge-item-1] [data-test=fulfil]').click();
    await page.locator('.el-dialog textarea[name=evidence]').fill('12 个村级党组织标准化建设全部验收合格');
    await page.locator('.el-dialog [data-test=dialog-confirm]').click();
    await page.locator('[data-test=pledge-item-1][data-status=fulfilled]').waitFor();
    await page.locator('[data-test=pledge-status][data-status=completed]').waitFor();
    await screenshot(page, 'pledge');
    await signOut(page);
  }, 180_000);

  it("a ranking's explanation opens from its row; the supervisor publishes it and exports it to Excel", async () => {
    const year = String(new Date().getUTCFullYear());
    const scores: Record<string, number[]> = {
      'twp-liuji': [95, 92, 90, 94, 96],
      'twp-langchenggang': [82, 80, 78, 85, 84],
      'twp-yanminghu': [88, 86, 90, 87, 89],
      'twp-diaojia': [70, 72, 68, 74, 71],
    };
    const groups = ['masses', 'members', 'peers', 'deputies', 'superiors'];
    for (const [orgId, values] of Object.entries(scores)) {
      const recorded = await stack.api('county-supervisor', 'POST', `assessments/${orgId}/${year}/scores`, { groups: groups.map((group, i) => ({ group, score: values[i], evaluators: 30 })) });
      expect(recorded.status).toBe(200);
      expect((await stack.api('county-supervisor', 'POST', `assessments/${orgId}/${year}/finalize`)).status).toBe(200);
    }

    // The ranking is computed from the assessments' read model: wait until it has all four.
    let draft: Awaited<ReturnType<typeof stack.api>> | undefined;
    await waitFor(
      async () => {
        draft = await stack.api('county-supervisor', 'GET', `rankings?supervisorOrgId=county&period=${year}`);
        return draft.status === 200 && (draft.body as { rows: unknown[] }).rows.length === 4;
      },
      30_000,
      'the ranking to have the four townships',
      500,
    ).catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(draft?.body)}`, { cause: error });
    });

    await signIn(page, stack.base, 'county-supervisor', DEMO_PASSWORD);
    await page.locator('.app-nav').getByText('考核排名').click();
    const row = page.locator('[data-test=ranking-table] .el-table__row', { hasText: '刘集镇党委' });
    await row.waitFor();
    await row.locator('[data-test=explain-twp-liuji]').click();
    const explanation = page.locator('[data-test=explanation]');
    await explanation.getByText('群众评').waitFor();
    await screenshot(page, 'ranking-explanation');
    await page.keyboard.press('Escape');
    await explanation.waitFor({ state: 'hidden' });
    await screenshot(page, 'rankings');

    await page.locator('[data-test=publish]').click();
    await page.locator('.el-dialog [data-test=dialog-confirm]').click();
    await page.locator('[data-test=ranking-status]', { hasText: '已发布' }).waitFor();
    const download = page.waitForEvent('download');
    await page.locator('[data-test=ranking-export]').click();
    expect((await download).suggestedFilename()).toBe(`ranking-county-${year}.xlsx`);

    // English is one click away, and stays chosen.
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('.app-nav').getByText('Rankings').waitFor();
    await page.locator('[data-test=ranking-status]', { hasText: 'Published' }).waitFor();
    await screenshot(page, 'rankings-en');
    await page.reload();
    await page.locator('.app-nav').getByText('Rankings').waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    await page.locator('.app-nav').getByText('考核排名').waitFor();
  }, 180_000);
});
