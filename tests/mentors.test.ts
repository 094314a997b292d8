// Helper profiles on the real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is
// set): opt-in with consent recorded, staff approval, the directory's filters, and the
// cases a mentor took part in (matched by display name in the case data).
import { describe, expect, it } from 'vitest';
import { databaseTargets, useDatabase } from './helpers/database';
import { makeUser } from './helpers/accounts';
import { isAvailableNow, listedProfile, listedProfiles, profileOf, saveProfile, setApproval, type ProfileFields } from '../src/lib/mentors/profiles';
import { casesMentoredBy } from '../src/lib/cases/mentors';

const fields = (overrides: Partial<ProfileFields> = {}): ProfileFields => ({
  careerField: '금형',
  processes: ['프레스'],
  industries: ['자동차부품'],
  sigunCodes: ['52130', '52710'],
  years: 30,
  available: true,
  unavailableUntil: null,
  introduction: '삼성전자에서 금형 교체 표준을 만들었습니다.',
  contact: '010-0000-0000',
  ...overrides,
});

const now = new Date('2026-12-02T03:00:00Z');

describe.each(databaseTargets())('mentor profiles on $name', (target) => {
  const db = useDatabase(target);

  it('lists a profile only after the mentor opted in (who and when recorded) and staff approved it', async () => {
    const mentor = await makeUser(db(), { displayName: '김○○' }, 'mentor');
    const staff = await makeUser(db(), {}, 'staff');
    await saveProfile(db(), { user: mentor, fields: fields(), listed: false, now });
    expect(await setApproval(db(), mentor.id, staff, now)).toBe(false); // no consent, no approval
    expect(await listedProfiles(db(), {}, now)).toEqual([]);

    const saved = await saveProfile(db(), { user: mentor, fields: fields(), listed: true, now });
    expect(saved).toMatchObject({ consentedBy: mentor.id, kind: 'mentor' });
    expect(saved.consentedAt?.toISOString()).toBe(now.toISOString());
    expect(await listedProfile(db(), mentor.id)).toBeUndefined(); // waiting for staff

    expect(await setApproval(db(), mentor.id, staff, now)).toBe(true);
    expect((await listedProfile(db(), mentor.id))?.user.displayName).toBe('김○○');

    // Opting out hides it again and drops the approval.
    await saveProfile(db(), { user: mentor, fields: fields(), listed: false, now });
    expect(await listedProfile(db(), mentor.id)).toBeUndefined();
    expect((await profileOf(db(), mentor.id))?.approvedAt).toBeNull();
  });

  it('filters by field, industry, 시·군 and availability today', async () => {
    const staff = await makeUser(db(), {}, 'staff');
    const a = await makeUser(db(), { displayName: '가멘토' }, 'mentor');
    const b = await makeUser(db(), { displayName: '나멘토' }, 'mentor');
    const c = await makeUser(db(), { displayName: '다선배', companyName: '선배정밀' }, 'member');
    await saveProfile(db(), { user: a, fields: fields(), listed: true, now });
    await saveProfile(db(), { user: b, fields: fields({ careerField: '품질', industries: ['식품'], sigunCodes: ['52110'], available: true, unavailableUntil: '2026-12-31' }), listed: true, now });
    await saveProfile(db(), { user: c, fields: fields({ careerField: '품질', industries: ['식품'], sigunCodes: ['52110'] }), listed: true, now });
    for (const u of [a, b, c]) await setApproval(db(), u.id, staff, now);

    const names = async (f: Parameters<typeof listedProfiles>[1]) => (await listedProfiles(db(), f, now)).map((r) => r.user.displayName);
    expect(await names({ kind: 'mentor' })).toEqual(['가멘토', '나멘토']);
    expect(await names({ field: '품질', kind: 'mentor' })).toEqual(['나멘토']);
    expect(await names({ industry: '자동차부품' })).toEqual(['가멘토']);
    expect(await names({ sigun: '52110' })).toEqual(['나멘토', '다선배']);
    expect(await names({ availableNow: true, kind: 'mentor' })).toEqual(['가멘토']);
    expect((await listedProfile(db(), c.id))?.profile.kind).toBe('senior');
  });
});

describe('availability and mentored cases (pure)', () => {
  it('is available after the last unavailable day has passed', () => {
    expect(isAvailableNow({ available: true, unavailableUntil: '2026-12-02' }, now)).toBe(false);
    expect(isAvailableNow({ available: true, unavailableUntil: '2026-12-01' }, now)).toBe(true);
    expect(isAvailableNow({ available: false, unavailableUntil: null }, now)).toBe(false);
  });

  it('finds the cases whose frontmatter names the mentor, ignoring spaces', () => {
    const cases = [
      { id: 'a', data: { mentor: { name: '김○○', career: '금형', role: '상주' } } },
      { id: 'b', data: { mentor: { name: '이○○', career: '품질', role: '상주' } } },
      { id: 'c', data: { mentor: { name: '김 ○○', career: '금형', role: '방문' } } },
    ];
    expect(casesMentoredBy(cases, '김○○').map((c) => c.id)).toEqual(['a', 'c']);
    expect(casesMentoredBy(cases, '')).toEqual([]);
  });

  it('prefers the mentor account a case names (cases.mentor_user_id) to the name', () => {
    const cases = [
      { id: 'linked', mentorUserId: 7, data: { mentor: { name: '이○○', career: '품질', role: '상주' } } },
      { id: 'namesake', mentorUserId: 8, data: { mentor: { name: '김○○', career: '금형', role: '상주' } } },
      { id: 'by-name', mentorUserId: null, data: { mentor: { name: '김○○', career: '금형', role: '방문' } } },
    ];
    // The account's case even under another name; never another account's case of the same name.
    expect(casesMentoredBy(cases, { id: 7, name: '김○○' }).map((c) => c.id)).toEqual(['linked', 'by-name']);
    expect(casesMentoredBy(cases, '김○○').map((c) => c.id)).toEqual(['by-name']);
  });
});
