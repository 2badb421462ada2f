/** Typed configuration ({@code @ConfigMapping}); every property documents its default. Nothing here holds logic. */
package io.tollgate.gateway.config;
