// The one PocketBase SDK client of the dashboard: everything it shows or
// changes goes through the public API, as any SDK user's app would.
import PocketBase, { LocalAuthStore } from 'pocketbase';

export const pb = new PocketBase(location.origin, new LocalAuthStore('monobase_dashboard_auth'));
// Pages cancel their own stale requests with requestKey where it matters.
pb.autoCancellation(false);

export const SUPERUSERS = '_superusers';
