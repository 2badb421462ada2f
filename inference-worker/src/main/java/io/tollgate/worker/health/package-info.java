/**
 * Health checks: readiness is DOWN while any declared model failed to load, with the reason.
 */
package io.tollgate.worker.health;
