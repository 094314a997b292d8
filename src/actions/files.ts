// Admin actions on stored files: a legal takedown removes a file everywhere at once.
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { database } from '../lib/runtime';
import { requiredText } from '../lib/forms';
import { allowedUser } from './guards';
import { takeDown } from '../lib/files/files';
import { databaseBlobStore } from '../lib/files/store';

export const files = {
  takeDown: defineAction({
    accept: 'form',
    input: z.object({
      address: z
        .string({ error: '파일 주소를 적어 주세요.' })
        .trim()
        .regex(/(?:^|\/files\/)[0-9a-f]{64}(?:\/|$)/, { error: '/files/ 로 시작하는 파일 주소나 64자리 해시를 적어 주세요.' }),
      reason: requiredText('삭제 조치 사유를 적어 주세요 (예: 저작권자 요청, 개인정보 노출).', 500),
    }),
    handler: async (input, context) => {
      const user = allowedUser(context, 'file.takedown', null, '파일 삭제 조치는 관리자만 할 수 있습니다.');
      const sha256 = /[0-9a-f]{64}/.exec(input.address)![0];
      const db = await database();
      const result = await takeDown(db, databaseBlobStore, { sha256, actor: user, reason: input.reason, now: new Date() });
      if (!result) throw new ActionError({ code: 'NOT_FOUND', message: '그런 파일이 없습니다. 주소를 다시 확인해 주세요.' });
      return { sha256, removedFiles: result.removedFiles };
    },
  }),
};
