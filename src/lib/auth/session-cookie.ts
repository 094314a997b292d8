// The session cookie: HttpOnly, SameSite=Lax, Path=/; Secure with the __Host- prefix when
// the site is served over https (SITE_URL), so a sub-domain cannot plant or read it.
import type { AstroCookies } from 'astro';
import { readConfig } from '../config';
import { sessionExpiresAt } from './session';
import type { Session } from '../db/schema';

const secure = readConfig().secureCookies;
export const SESSION_COOKIE = secure ? '__Host-session' : 'session';

export function setSessionCookie(cookies: AstroCookies, token: string, session: Pick<Session, 'createdAt' | 'lastVerifiedAt'>): void {
  cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure,
    expires: sessionExpiresAt(session as Session),
  });
}

export function deleteSessionCookie(cookies: AstroCookies): void {
  cookies.set(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge: 0 });
}
