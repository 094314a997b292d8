import { FormClient } from '../tests/helpers/server';
import { signUpWithForm } from '../tests/helpers/accounts';
const base = process.argv[2]!;
const c = new FormClient(base);
await signUpWithForm(c);
await c.get('/');
console.log('=====MARK');
for (const p of process.argv.slice(3)) { console.log('=====', p); await (await c.get(p)).text(); }
