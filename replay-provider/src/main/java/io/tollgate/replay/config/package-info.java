/** Typed configuration ({@code tollgate.replay.*}); no logic, only documented defaults. */
package io.tollgate.replay.config;
