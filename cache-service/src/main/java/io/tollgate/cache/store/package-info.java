/** Entry storage (embedded memory or Redis). Stores may throw; callers fail open. No store reads across tenants. */
package io.tollgate.cache.store;
