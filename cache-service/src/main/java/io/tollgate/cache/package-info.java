/** cache-service: exact and semantic response cache per tenant; see README.md and ../docs/architecture.md. */
package io.tollgate.cache;
