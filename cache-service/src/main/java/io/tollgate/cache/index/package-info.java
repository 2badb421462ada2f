/** The in-process ANN index, one partition per (tenant, model family); never searched across tenants. */
package io.tollgate.cache.index;
