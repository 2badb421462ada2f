/**
 * Typed worker config ({@code tollgate.worker.*}); every key has a documented default. No logic here.
 */
package io.tollgate.worker.config;
