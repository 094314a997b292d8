/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** Short id that ties a response to its server log lines. */
    requestId: string;
    user: import('./lib/db/schema').User | null;
    session: import('./lib/db/schema').Session | null;
    /** Unread notifications of the signed-in member (0 for guests); counted only when a page asks. */
    unreadNotifications(): Promise<number>;
  }
}
