/** Wire types (protobuf, JSON) to domain records and back, with the per-field validation of incoming events. */
package io.tollgate.ledger.mapping;
