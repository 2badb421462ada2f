/** Typed configuration ({@code tollgate.cache.*}); every property documents its default. */
package io.tollgate.cache.config;
