import { FormClient } from '../tests/helpers/server';
import { signUpWithForm } from '../tests/helpers/accounts';
const base = process.argv[2]!;
const c = new FormClient(base);
await signUpWithForm(c);
const g = new FormClient(base);
const forum = await (await g.get('/forum/free')).text();
const thread = forum.match(/href="(\/forum\/t\/\d+)"/)?.[1];
const cases = await (await g.get('/cases')).text();
const kase = cases.match(/href="(\/cases\/[^"/]+\/?)"/)?.[1];
const notices = await (await g.get('/notices')).text();
const notice = notices.match(/href="(\/notices\/\d+)"/)?.[1];
const mentors = await (await g.get('/mentors')).text();
const mentor = mentors.match(/href="(\/mentors\/\d+)"/)?.[1];
for (const p of ['/', '/forum', '/forum/free', thread, '/cases', kase, '/regions/52130', '/notices', notice, '/mentors', mentor, '/consultations', '/search?q=%EA%B3%B5%EC%9E%A5']) {
  if (!p) continue;
  const m = await (await c.get(p)).text();
  const gg = await (await g.get(p)).text();
  console.log(p, 'member', m.match(/queries: (\d+)/)?.[1], 'guest', gg.match(/queries: (\d+)/)?.[1]);
}
