/**
 * Pure functions between wire shapes (OpenAI JSON, protobuf) and the domain records of {@code service}. No I/O, no
 * CDI: every mapping is unit-testable on its own, and wire types stop here.
 */
package io.tollgate.gateway.mapping;
