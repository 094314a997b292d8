/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** Short id that ties a response to its server log lines. */
    requestId: string;
    /** The signed-in user with the 시·군 they work for as 시·군 담당자 (`sigunScopes`). */
    user: import('./lib/auth/session').SessionUser | null;
    session: import('./lib/db/schema').Session | null;
    /** Unread notifications of the signed-in member (0 for guests); counted only when a page asks. */
    unreadNotifications(): Promise<number>;
  }
}
