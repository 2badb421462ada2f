/**
 * The gateway's logic on domain records: the ordered stages of {@link io.tollgate.gateway.service.ChatPipeline} and
 * what they need (auth, rate limits, budget hook, cache policy). No wire types (OpenAI JSON, protobuf) here.
 */
package io.tollgate.gateway.service;
