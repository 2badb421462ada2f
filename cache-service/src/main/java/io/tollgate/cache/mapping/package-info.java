/** Maps protobuf wire types to the service's domain records and back; no logic. */
package io.tollgate.cache.mapping;
