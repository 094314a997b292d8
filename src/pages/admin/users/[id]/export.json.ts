// A member's data as JSON, for a 개인정보 열람 request. Admins only; the export is audited.
import type { APIRoute } from 'astro';
import { isId } from '../../../../lib/forms';
import { refusal } from '../../../../lib/http/refusal';
import { database } from '../../../../lib/runtime';
import { can } from '../../../../lib/auth/permissions';
import { exportUserData } from '../../../../lib/admin/users';
import { recordAudit } from '../../../../lib/admin/audit';

export const GET: APIRoute = async ({ params, locals }) => {
  if (!can(locals.user, 'user.export', null)) return refusal(locals.user ? 403 : 401, '관리자만 내보낼 수 있습니다.');
  const db = await database();
  const id = Number(params.id);
  const data = isId(id) ? await exportUserData(db, id) : undefined;
  if (!data) return new Response(null, { status: 404 });
  await recordAudit(db, { actor: locals.user, action: 'user.export', targetType: 'user', targetId: id });
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="member-${id}.json"`,
      'cache-control': 'no-store',
    },
  });
};
