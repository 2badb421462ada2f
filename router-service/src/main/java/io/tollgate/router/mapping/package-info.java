/** Pure functions between wire types (protobuf, LangChain4j) and domain records; no I/O, no state. */
package io.tollgate.router.mapping;
