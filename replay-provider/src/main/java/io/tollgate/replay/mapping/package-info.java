/**
 * The OpenAI wire format (request JSON, completion, chunk, model list and error JSON) mapped to and from the
 * service's records. Nothing else in the module sees OpenAI field names.
 */
package io.tollgate.replay.mapping;
