// What a member's page costs the database, counted by the server itself (PORTAL_QUERY_COUNT=1
// puts `<!-- queries: N -->` at the end of each page): a regression that adds a query per
// row, or a second round trip, fails here.
import { beforeAll, describe, expect, it } from 'vitest';
import { FormClient } from '../helpers/server';
import { useBuiltServer } from '../helpers/site';
import { signUpWithForm } from '../helpers/accounts';

// Session check (with the unread count) + what the page shows.
const BUDGET = { board: 4, thread: 4, notices: 3, cases: 2, mentors: 2, consultations: 3 };

async function queriesOf(client: FormClient, path: string): Promise<number> {
  const res = await client.get(path);
  expect(res.status, path).toBe(200);
  const count = (await res.text()).match(/<!-- queries: (\d+) -->$/)?.[1];
  expect(count, `${path} has no query count`).toBeDefined();
  return Number(count);
}

describe('queries per page for a signed-in member', () => {
  const site = useBuiltServer({ PORTAL_QUERY_COUNT: '1', EMAIL_VERIFICATION: 'off' });
  const member = () => new FormClient(site.server.url);
  let client: FormClient;
  let threadPath: string;

  beforeAll(async () => {
    client = member();
    await signUpWithForm(client);
    const board = await (await client.get('/forum/free')).text();
    threadPath = board.match(/href="(\/forum\/t\/\d+)"/)![1]!;
  });

  it('reads the board and a thread within a fixed number of queries, whatever the rows', async () => {
    expect(await queriesOf(client, '/forum/free')).toBeLessThanOrEqual(BUDGET.board);
    expect(await queriesOf(client, threadPath)).toBeLessThanOrEqual(BUDGET.thread);
  });

  it('reads notices, cases, mentors and the consultations dashboard within budget', async () => {
    expect(await queriesOf(client, '/notices')).toBeLessThanOrEqual(BUDGET.notices);
    expect(await queriesOf(client, '/cases')).toBeLessThanOrEqual(BUDGET.cases);
    expect(await queriesOf(client, '/mentors')).toBeLessThanOrEqual(BUDGET.mentors);
    expect(await queriesOf(client, '/consultations')).toBeLessThanOrEqual(BUDGET.consultations);
  });

  it('counts the same for a thread page after the member replied (no query per post)', async () => {
    const before = await queriesOf(client, threadPath);
    const id = threadPath.split('/').pop();
    const page = await (await client.get(threadPath)).text();
    const submissionKey = page.match(/name="submissionKey" value="([^"]+)"/)?.[1] ?? crypto.randomUUID();
    const reply = await client.post(`${threadPath}?_action=forum.reply&page=1`, { threadId: id!, body: '쿼리 수를 세는 답글입니다.', submissionKey, intent: 'post' });
    expect(reply.status).toBe(302);
    expect(await queriesOf(client, threadPath)).toBe(before);
  });
});
