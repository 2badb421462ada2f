/** Tollgate router-service: classifies prompts, picks the cheapest good-enough model, calls it through LangChain4j. */
package io.tollgate.router;
