// Programme figures in the database: sample seeding, loading for the pages, saving with a
// conflict check and the audit log as their history; on PGlite and PostgreSQL.
import { describe, expect, it } from 'vitest';
import { databaseTargets, useDatabase } from './helpers/database';
import { makeUser } from './helpers/accounts';
import { AGREEMENT_TARGET, loadProgramme, totalAdopted } from '../src/lib/programme';
import { readSampleProgramme, removeSampleProgramme, seedSampleProgramme } from '../src/lib/samples/programme';
import { figureHistory, saveAdoptions, saveTarget } from '../src/lib/figures/figures';
import { listAudit } from '../src/lib/admin/audit';
import { planImport } from '../src/lib/figures/sheet';

const samples = readSampleProgramme('content/samples/programme.json')!;

describe.each(databaseTargets())('programme figures on $name', (target) => {
  const db = useDatabase(target);

  it('with nothing stored, the agreement target applies and there are no figures', async () => {
    const p = await loadProgramme(db());
    expect(p).toMatchObject({ target: AGREEMENT_TARGET, adoptions: [], sample: false, asOf: null });
  });

  it('seeds the samples once, flagged 샘플, and removes only the ones nobody changed', async () => {
    expect(await seedSampleProgramme(db(), samples)).toBe(samples.adoptions.length);
    expect(await seedSampleProgramme(db(), samples)).toBe(0);
    let p = await loadProgramme(db());
    expect(p.sample).toBe(true);
    expect(p.note).toContain('샘플');
    expect(totalAdopted(p)).toBe(samples.adoptions.reduce((s, a) => s + a.adopted, 0));
    const official = await makeUser(db());
    const before = samples.adoptions.find((a) => a.year === 2026 && a.sigun === '52110')!.adopted;
    expect(await saveAdoptions(db(), { actor: official, changes: [{ year: 2026, sigun: '52110', adopted: before + 3, previous: before }], source: 'form' })).toEqual({ ok: true, changed: 1 });
    expect(await removeSampleProgramme(db())).toBe(samples.adoptions.length - 1);
    p = await loadProgramme(db());
    expect(p).toMatchObject({ sample: false, adoptions: [{ year: 2026, sigun: '52110', adopted: before + 3 }] });
  });

  it('saves changes with who and when, shows them at once, and refuses a stale edit', async () => {
    const official = await makeUser(db(), { displayName: '전주 담당' });
    const staff = await makeUser(db(), { displayName: '도 담당' }, 'staff');
    const first = await saveAdoptions(db(), {
      actor: official,
      changes: [
        { year: 2025, sigun: '52110', adopted: 4, previous: null },
        { year: 2026, sigun: '52110', adopted: 2, previous: null },
      ],
      source: 'form',
    });
    expect(first).toEqual({ ok: true, changed: 2 });
    expect((await loadProgramme(db())).adoptions).toEqual([
      { year: 2025, sigun: '52110', adopted: 4 },
      { year: 2026, sigun: '52110', adopted: 2 },
    ]);
    // Staff change one figure; the official's form still shows the old value.
    expect(await saveAdoptions(db(), { actor: staff, changes: [{ year: 2025, sigun: '52110', adopted: 5, previous: 4 }], source: 'import' })).toEqual({ ok: true, changed: 1 });
    const stale = await saveAdoptions(db(), {
      actor: official,
      changes: [
        { year: 2025, sigun: '52110', adopted: 6, previous: 4 },
        { year: 2026, sigun: '52110', adopted: 3, previous: 2 },
      ],
      source: 'form',
    });
    expect(stale).toEqual({ ok: false, conflicts: [{ year: 2025, sigun: '52110', current: 5 }] });
    // Nothing of the refused save was written.
    expect((await loadProgramme(db())).adoptions.find((a) => a.year === 2026)!.adopted).toBe(2);

    const history = await figureHistory(db());
    expect(history.entries.map((e) => [e.actorName, e.details.year, e.details.from, e.details.to, e.details.source])).toEqual([
      ['도 담당', 2025, 4, 5, 'import'],
      ['전주 담당', 2026, null, 2, 'form'],
      ['전주 담당', 2025, null, 4, 'form'],
    ]);
    expect((await figureHistory(db(), { sigun: '52130' })).entries).toEqual([]);
    expect((await listAudit(db(), { action: 'programme.adoption' })).rows).toHaveLength(3);
  });

  it('changes the target (audited) and the pages read the new one', async () => {
    const staff = await makeUser(db(), {}, 'staff');
    const next = { ...AGREEMENT_TARGET, companies: 320 };
    expect(await saveTarget(db(), { actor: staff, target: next, previous: AGREEMENT_TARGET })).toBe(true);
    expect(await saveTarget(db(), { actor: staff, target: next, previous: next })).toBe(false);
    expect((await loadProgramme(db())).target.companies).toBe(320);
    const [entry] = (await figureHistory(db())).entries;
    expect(entry).toMatchObject({ action: 'programme.target', details: { companies: '300 → 320' } });
  });

  it('plans an import for a 시·군 담당자: old → new, unchanged rows, duplicates and other 시·군 as bad rows', async () => {
    await saveAdoptions(db(), { actor: null, changes: [{ year: 2025, sigun: '52110', adopted: 4, previous: null }, { year: 2024, sigun: '52110', adopted: 3, previous: null }], source: 'form' });
    const official = { id: 1, role: 'member' as const, sigunScopes: ['52110'] };
    const csv = new TextEncoder().encode('연도,시군,도입 기업 수\n2025,전주시,6\n2024,전주,3\n2026,52110,1\n2025,전주시,7\n2025,군산시,2\n');
    const plan = await planImport(db(), csv, official);
    expect(plan.changes).toEqual([
      { rowNumber: 2, year: 2025, sigun: '52110', adopted: 6, previous: 4 },
      { rowNumber: 4, year: 2026, sigun: '52110', adopted: 1, previous: null },
    ]);
    expect(plan.unchanged).toBe(1);
    expect(plan.problems.map((p) => [p.rowNumber, p.message])).toEqual([
      [5, '2025년 전주시이(가) 2행에도 있습니다. 한 행만 남겨 주세요.'],
      [6, '군산시의 수치는 고칠 수 없습니다. 담당 시·군의 수치만 고칠 수 있습니다.'],
    ]);
    // Planning saves nothing.
    expect((await loadProgramme(db())).adoptions.find((a) => a.year === 2025)!.adopted).toBe(4);
  });
});
