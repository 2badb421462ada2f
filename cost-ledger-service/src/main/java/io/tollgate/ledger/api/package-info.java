/**
 * The REST edge: authenticates through {@link io.tollgate.ledger.service.AccessPolicy}, maps JSON to domain records,
 * delegates, and answers errors as OpenAI-style JSON ({@code {"error":{"message","type","param","code"}}}).
 * Money leaves as exact USD decimal strings with nano precision.
 */
package io.tollgate.ledger.api;
