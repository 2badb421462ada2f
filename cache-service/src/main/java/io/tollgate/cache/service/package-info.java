/**
 * The cache's logic and domain records: policy, keys, tiers, the semantic guard, fail-open breakers and cost events.
 * No wire types (protobuf) here except the ledger's CostEvent that CostRecorder takes.
 */
package io.tollgate.cache.service;
