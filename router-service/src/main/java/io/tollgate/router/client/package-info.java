/** Outbound calls (LangChain4j provider clients, the inference worker); resilience (timeouts, retries, breakers) and its metrics live here. */
package io.tollgate.router.client;
